package dev.asiscope.ui.views;

import dev.asiscope.ui.core.SimSession;

/**
 * A view that can say which model object lies under a point, for hover tooltips, selection and the
 * inspector. The answer is always derived from the same layout the last paint used, so what the user
 * points at is what the picture showed.
 */
public interface HitTestable {
    /**
     * The model object at ({@code x}, {@code y}) of a view painted into a {@code width x height} area,
     * or null if there is none (background, titles). Never changes the session or the machine.
     */
    Object hitTest(double x, double y, double width, double height, SimSession session);
}
