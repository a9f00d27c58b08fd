package dev.asiscope.ui;

import java.util.List;

/** The machine views the window hosts, in layout order: cores, caches, address spaces, page walk, timeline. */
public final class ViewCatalog {
    private ViewCatalog() {
    }

    public static List<MachineView> views() {
        return PlaceholderViews.all();
    }
}
