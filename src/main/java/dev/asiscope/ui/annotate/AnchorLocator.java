package dev.asiscope.ui.annotate;

import dev.asiscope.ui.core.SimSession;
import java.util.Optional;

/**
 * Implemented by views that can say where a model object is drawn, so annotations anchored to it follow
 * it. Both methods answer from the layout a paint of the current state into a {@code w x h} area would
 * use; neither changes the session.
 */
public interface AnchorLocator {
    /** The object's box in view pixels, or empty when this view does not show it at the cursor. */
    Optional<Rect> locate(Anchor a, double w, double h, SimSession s);

    /**
     * The object drawn at ({@code x}, {@code y}), as an anchor whose fallback is its box in fractions of
     * the view; empty when there is none. The editor anchors new annotations to it.
     */
    default Optional<Anchor> anchorAt(double x, double y, double w, double h, SimSession s) {
        return Optional.empty();
    }
}
