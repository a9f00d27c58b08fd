package dev.asiscope.ui.annotate;

/** A point, in the unit of the frame it belongs to (see {@link Annotation#points()}). */
public record Point(double x, double y) {
    public Point translate(double dx, double dy) {
        return new Point(x + dx, y + dy);
    }
}
