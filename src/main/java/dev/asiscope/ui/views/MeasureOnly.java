package dev.asiscope.ui.views;

import dev.asiscope.ui.draw.DrawContext;
import dev.asiscope.ui.draw.NoPaintDrawContext;

/**
 * A context that draws nothing but measures text like the context of the last real paint. Hit testing
 * repaints into it to rebuild the layout when the state or size changed since that paint.
 */
final class MeasureOnly extends NoPaintDrawContext {
    MeasureOnly(DrawContext delegate) {
        super(delegate);
    }

    Class<?> delegateClass() {
        return measure() == null ? MeasureOnly.class : measure().getClass();
    }
}
