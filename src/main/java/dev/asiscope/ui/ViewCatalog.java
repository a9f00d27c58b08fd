package dev.asiscope.ui;

import dev.asiscope.ui.views.AddressSpaceView;
import dev.asiscope.ui.views.CacheView;
import dev.asiscope.ui.views.CoresView;
import dev.asiscope.ui.views.PageWalkView;
import java.util.ArrayList;
import java.util.List;

/**
 * The machine views the window hosts, in layout order: cores, caches, address spaces, page walk,
 * timeline. Each call makes new instances (views keep per-window state such as zoom ranges). A view
 * not written yet is a placeholder from {@link PlaceholderViews}.
 */
public final class ViewCatalog {
    private ViewCatalog() {
    }

    public static List<MachineView> views() {
        List<MachineView> out = new ArrayList<>(List.of(new CoresView(), new CacheView(), new AddressSpaceView(),
                new PageWalkView()));
        for (MachineView p : PlaceholderViews.all()) {
            if (out.stream().noneMatch(v -> v.id().equals(p.id()))) {
                out.add(p);
            }
        }
        return out;
    }
}
