package dev.asiscope.ui.export;

import dev.asiscope.ui.core.MachineView;
import dev.asiscope.ui.views.AddressSpaceView;
import dev.asiscope.ui.views.CacheView;
import dev.asiscope.ui.views.CoresView;
import dev.asiscope.ui.views.PageTableView;
import dev.asiscope.ui.views.PageWalkView;
import dev.asiscope.ui.views.TimelineView;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The machine views, freshly made (default settings), in window order: cores, caches, address spaces, page
 * walk, page tables, timeline. The one list of views: the window hosts these and {@code asiscope export --view} accepts
 * their ids. Each call makes new instances: views keep per-window state (ranges, hit maps).
 */
public final class StandardViews {
    /** The {@code --view} value that composes every view into one picture. */
    public static final String WINDOW = "window";
    /** {@code --view presentation}: the views presentation mode shows side by side. */
    public static final String PRESENTATION = "presentation";
    /** The views of presentation mode: where the secret is mapped, and where it lands in L1D. */
    public static final List<String> PRESENTATION_VIEWS = List.of("address-spaces", "caches");

    private StandardViews() {
    }

    /** New instances of every view. */
    public static List<MachineView> all() {
        return List.of(new CoresView(), new CacheView(), new AddressSpaceView(), new PageWalkView(), new PageTableView(),
                new TimelineView());
    }

    /** The view with {@code id}, freshly made. */
    public static Optional<MachineView> byId(String id) {
        return all().stream().filter(v -> v.id().equals(id)).findFirst();
    }

    /** The views of presentation mode, freshly made, in {@link #PRESENTATION_VIEWS} order. */
    public static List<MachineView> presentation() {
        return PRESENTATION_VIEWS.stream().map(id -> byId(id).orElseThrow()).toList();
    }

    /** The ids accepted by {@code --view}: {@code window}, {@code presentation} and every view's id. */
    public static List<String> ids() {
        List<String> ids = new ArrayList<>();
        ids.add(WINDOW);
        ids.add(PRESENTATION);
        for (MachineView v : all()) {
            ids.add(v.id());
        }
        return ids;
    }
}
