package dev.asiscope.ui.draw;

/**
 * A drawing context that paints nothing and measures text through another context, for passes that
 * only lay a view out (hit testing, text-size probing). Every paint method is empty; subclasses
 * override the ones they want to observe. Without a measuring context, widths are a fixed estimate.
 */
public abstract class NoPaintDrawContext implements DrawContext {
    private final DrawContext measure;

    /** A context measuring text with {@code measure}, or with an estimate when it is {@code null}. */
    protected NoPaintDrawContext(DrawContext measure) {
        this.measure = measure;
    }

    /** The context text is measured with, or {@code null} when widths are estimated. */
    protected final DrawContext measure() {
        return measure;
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
        if (measure != null) {
            return measure.textWidth(s, size, mono);
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
