package dev.asiscope.ui.core;

import dev.asiscope.ui.draw.DrawContext;

/**
 * A view of the machine at the cursor, drawn by one painter through {@link DrawContext} so the screen
 * and the SVG export share it. Implementations derive everything from the session (state at the
 * cursor and the event log) on every paint.
 */
public interface MachineView {
    /** Stable id used in menus, the workspace file and {@code asiscope export --view}. */
    String id();

    /** Title shown on the view's tab or header. */
    String title();

    /** Paints the whole view into a {@code width x height} area. */
    void paint(DrawContext g, double width, double height, SimSession session, Theme theme);
}
