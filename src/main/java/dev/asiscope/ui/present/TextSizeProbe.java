package dev.asiscope.ui.present;

import dev.asiscope.ui.draw.DrawContext;
import dev.asiscope.ui.draw.NoPaintDrawContext;

/**
 * A drawing context that draws nothing and records the smallest text a view draws inside its area, so
 * the presentation can zoom the view until that text is legible and tests can check the drawn layout.
 * Widths are measured by {@code measure} so the view lays itself out exactly as on screen.
 */
public final class TextSizeProbe extends NoPaintDrawContext {
    private final double width;
    private final double height;
    private double smallest = Double.MAX_VALUE;
    private String smallestText = "";

    /** A probe for an area {@code width x height} (view coordinates), measuring text with {@code measure}. */
    public TextSizeProbe(DrawContext measure, double width, double height) {
        super(measure);
        this.width = width;
        this.height = height;
    }

    /** The smallest text size drawn inside the area, or {@link Double#MAX_VALUE} when there was none. */
    public double smallest() {
        return smallest;
    }

    /** The text drawn at {@link #smallest()} (for test messages). */
    public String smallestText() {
        return smallestText;
    }

    private void record(String s, double x, double y, double size) {
        // Text outside the area is not seen, and blank text is not read.
        if (s == null || s.isBlank() || y < 0 || y - size > height || x > width + 1 || x < -1) {
            return;
        }
        if (size < smallest) {
            smallest = size;
            smallestText = s;
        }
    }

    @Override
    public void text(String s, double x, double y, String color, double size, boolean bold, Align align) {
        record(s, x, y, size);
    }

    @Override
    public void mono(String s, double x, double y, String color, double size, Align align) {
        record(s, x, y, size);
    }
}
