package dev.asiscope.ui.draw;

/**
 * The narrow drawing interface every view paints through, so the same painter draws on screen (JavaFX
 * {@code GraphicsContext}) and into an SVG document for vector export. Colours are CSS-style strings
 * ({@code #rrggbb} or {@code #rrggbbaa}); coordinates are in view pixels.
 */
public interface DrawContext {
    /** Text alignment relative to the x coordinate. */
    enum Align { LEFT, CENTER, RIGHT }

    void fillRect(double x, double y, double w, double h, String color);

    void strokeRect(double x, double y, double w, double h, String color, double lineWidth);

    void line(double x1, double y1, double x2, double y2, String color, double lineWidth);

    /** Text with its baseline at {@code y}. {@code bold} selects the bold face. */
    void text(String s, double x, double y, String color, double size, boolean bold, Align align);

    /** Monospaced text with its baseline at {@code y}. */
    void mono(String s, double x, double y, String color, double size, Align align);

    void fillOval(double x, double y, double w, double h, String color);

    void strokeOval(double x, double y, double w, double h, String color, double lineWidth);

    /** A filled polygon. */
    void fillPolygon(double[] xs, double[] ys, String color);

    /** Approximate width of {@code s} at {@code size} (monospaced when {@code mono}). */
    double textWidth(String s, double size, boolean mono);

    /** Saves clip and transform state. */
    void save();

    /** Restores the last saved state. */
    void restore();

    /** Clips further drawing to a rectangle (until {@link #restore()}). */
    void clip(double x, double y, double w, double h);

    /**
     * Whether this picture shows the window's selection: the frames the views draw around what is selected
     * (a cache line, a region, a thread, the parts of a selected leak). True on screen; exports answer
     * false, so a slide never carries the frame of whatever happened to be selected in the window.
     * Wrapping contexts forward their delegate's answer.
     */
    default boolean showsSelection() {
        return true;
    }
}
