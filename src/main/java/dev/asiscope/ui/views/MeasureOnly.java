package dev.asiscope.ui.views;

import dev.asiscope.ui.draw.DrawContext;

/**
 * A context that draws nothing but measures text like the context of the last real paint. Hit testing
 * repaints into it to rebuild the layout when the state or size changed since that paint.
 */
final class MeasureOnly implements DrawContext {
    private final DrawContext delegate;

    MeasureOnly(DrawContext delegate) {
        this.delegate = delegate;
    }

    Class<?> delegateClass() {
        return delegate == null ? MeasureOnly.class : delegate.getClass();
    }

    @Override
    public void fillRect(double x, double y, double w, double h, String color) {
    }

    @Override
    public void strokeRect(double x, double y, double w, double h, String color, double lineWidth) {
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, String color, double lineWidth) {
    }

    @Override
    public void text(String s, double x, double y, String color, double size, boolean bold, Align align) {
    }

    @Override
    public void mono(String s, double x, double y, String color, double size, Align align) {
    }

    @Override
    public void fillOval(double x, double y, double w, double h, String color) {
    }

    @Override
    public void strokeOval(double x, double y, double w, double h, String color, double lineWidth) {
    }

    @Override
    public void fillPolygon(double[] xs, double[] ys, String color) {
    }

    @Override
    public double textWidth(String s, double size, boolean mono) {
        if (delegate != null) {
            return delegate.textWidth(s, size, mono);
        }
        return s.length() * size * (mono ? 0.602 : 0.56);
    }

    @Override
    public void save() {
    }

    @Override
    public void restore() {
    }

    @Override
    public void clip(double x, double y, double w, double h) {
    }
}
