package dev.asiscope.ui;

import dev.asiscope.ui.views.AddressSpaceView;
import dev.asiscope.ui.views.CacheView;
import dev.asiscope.ui.views.CoresView;
import dev.asiscope.ui.views.PageWalkView;
import dev.asiscope.ui.views.TimelineView;
import java.util.List;

/**
 * The machine views the window hosts, in layout order: cores, caches, address spaces, page walk,
 * timeline. Each call makes new instances: views keep per-window state (ranges, hit maps).
 */
public final class ViewCatalog {
    private ViewCatalog() {
    }

    public static List<MachineView> views() {
        return List.of(new CoresView(), new CacheView(), new AddressSpaceView(), new PageWalkView(), new TimelineView());
    }
}
