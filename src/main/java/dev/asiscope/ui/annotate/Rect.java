package dev.asiscope.ui.annotate;

/**
 * An axis-aligned rectangle. Depending on where it is used its unit is view pixels (what an
 * {@link AnchorLocator} reports) or fractions of the view (an {@link Anchor}'s fallback box).
 */
public record Rect(double x, double y, double w, double h) {
    /** The rectangle spanned by two corners given in any order. */
    public static Rect spanning(double x1, double y1, double x2, double y2) {
        return new Rect(Math.min(x1, x2), Math.min(y1, y2), Math.abs(x2 - x1), Math.abs(y2 - y1));
    }

    public double maxX() {
        return x + w;
    }

    public double maxY() {
        return y + h;
    }

    public double centerX() {
        return x + w / 2;
    }

    public double centerY() {
        return y + h / 2;
    }

    public boolean contains(double px, double py) {
        return px >= x && px <= x + w && py >= y && py <= y + h;
    }

    /** This rectangle grown by {@code d} on every side. */
    public Rect inflate(double d) {
        return new Rect(x - d, y - d, w + 2 * d, h + 2 * d);
    }

    /** The smallest rectangle holding both. */
    public Rect union(Rect o) {
        double nx = Math.min(x, o.x);
        double ny = Math.min(y, o.y);
        return new Rect(nx, ny, Math.max(maxX(), o.maxX()) - nx, Math.max(maxY(), o.maxY()) - ny);
    }
}
