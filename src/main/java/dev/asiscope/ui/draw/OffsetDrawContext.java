package dev.asiscope.ui.draw;

/**
 * Draws through another context with every coordinate shifted by ({@code dx}, {@code dy}), so a view
 * painter that draws at (0,0) can be placed anywhere in a composed picture (screen or SVG alike).
 */
public final class OffsetDrawContext implements DrawContext {
    private final DrawContext g;
    private final double dx;
    private final double dy;
    private final boolean selection;

    public OffsetDrawContext(DrawContext g, double dx, double dy) {
        this(g, dx, dy, true);
    }

    /**
     * @param selection false to hide the selection frames (exports), true to leave it to {@code g}
     */
    public OffsetDrawContext(DrawContext g, double dx, double dy, boolean selection) {
        this.g = g;
        this.dx = dx;
        this.dy = dy;
        this.selection = selection;
    }

    @Override
    public boolean showsSelection() {
        return selection && g.showsSelection();
    }

    @Override
    public void fillRect(double x, double y, double w, double h, String color) {
        g.fillRect(x + dx, y + dy, w, h, color);
    }

    @Override
    public void strokeRect(double x, double y, double w, double h, String color, double lineWidth) {
        g.strokeRect(x + dx, y + dy, w, h, color, lineWidth);
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, String color, double lineWidth) {
        g.line(x1 + dx, y1 + dy, x2 + dx, y2 + dy, color, lineWidth);
    }

    @Override
    public void text(String s, double x, double y, String color, double size, boolean bold, Align align) {
        g.text(s, x + dx, y + dy, color, size, bold, align);
    }

    @Override
    public void mono(String s, double x, double y, String color, double size, Align align) {
        g.mono(s, x + dx, y + dy, color, size, align);
    }

    @Override
    public void fillOval(double x, double y, double w, double h, String color) {
        g.fillOval(x + dx, y + dy, w, h, color);
    }

    @Override
    public void strokeOval(double x, double y, double w, double h, String color, double lineWidth) {
        g.strokeOval(x + dx, y + dy, w, h, color, lineWidth);
    }

    @Override
    public void fillPolygon(double[] xs, double[] ys, String color) {
        double[] ox = new double[xs.length];
        double[] oy = new double[ys.length];
        for (int i = 0; i < xs.length; i++) {
            ox[i] = xs[i] + dx;
            oy[i] = ys[i] + dy;
        }
        g.fillPolygon(ox, oy, color);
    }

    @Override
    public double textWidth(String s, double size, boolean mono) {
        return g.textWidth(s, size, mono);
    }

    @Override
    public void save() {
        g.save();
    }

    @Override
    public void restore() {
        g.restore();
    }

    @Override
    public void clip(double x, double y, double w, double h) {
        g.clip(x + dx, y + dy, w, h);
    }
}
