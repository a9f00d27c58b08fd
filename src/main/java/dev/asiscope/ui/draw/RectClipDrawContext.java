package dev.asiscope.ui.draw;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Performs rectangular clips itself where it can, for a JavaFX canvas. In the software pipeline every
 * {@code GraphicsContext.clip} renders a mask the size of the whole canvas, so a view that clips a dozen
 * hatched areas costs seconds at export scale 4. This context keeps the clip rectangle itself and cuts
 * rectangles, lines (as their stroke outline) and polygons against it exactly; only a text or an oval that
 * crosses the clip's edge makes it apply the real clip. Anything entirely outside the clip, or outside
 * the {@code visible} area (an export tile), is skipped.
 *
 * <p>{@link #exactly} makes a context that clips to an area of whole pixels with no difference at all
 * inside it from drawing unclipped (a view's canvas redrawn in part must hold the pixels of a full paint):
 * there only filled rectangles are cut (a cut at a pixel edge changes no pixel inside), any other shape
 * that crosses the edge gets the real clip, and every {@link #clip} asked of it is a real one.
 */
public final class RectClipDrawContext implements DrawContext {
    /** Anti-aliasing may touch one pixel beyond a shape's geometry. */
    private static final double AA = 1;

    private final DrawContext g;
    /** Whether pixels inside the clip must be exactly those of an unclipped drawing. */
    private final boolean exact;
    private final double vx0;
    private final double vy0;
    private final double vx1;
    private final double vy1;
    private final Deque<State> saved = new ArrayDeque<>();
    private State st;

    /** The clip of one save level: a rectangle, and whether the target context applies it already. */
    private static final class State {
        double x0;
        double y0;
        double x1;
        double y1;
        boolean bounded;
        boolean real;
        /** Set by the text pre-check when the text cannot show. */
        boolean skipText;

        State copy() {
            State s = new State();
            s.x0 = x0;
            s.y0 = y0;
            s.x1 = x1;
            s.y1 = y1;
            s.bounded = bounded;
            s.real = real;
            return s;
        }
    }

    /**
     * @param g       the canvas context
     * @param visible the area that reaches pixels, in the caller's coordinates (the canvas, or the export
     *                tile, divided by the scale); drawing outside it is skipped
     */
    public RectClipDrawContext(DrawContext g, double x, double y, double w, double h) {
        this(g, x, y, w, h, false);
    }

    private RectClipDrawContext(DrawContext g, double x, double y, double w, double h, boolean exact) {
        this.g = g;
        this.exact = exact;
        this.vx0 = x;
        this.vy0 = y;
        this.vx1 = x + w;
        this.vy1 = y + h;
        st = new State();
        st.x0 = vx0;
        st.y0 = vy0;
        st.x1 = vx1;
        st.y1 = vy1;
        st.bounded = exact;
    }

    /**
     * A context that draws into {@code g} only inside the area (whole pixels of {@code g}'s canvas, in the
     * caller's coordinates), every pixel there exactly as drawing without a clip makes it: what lies
     * outside is skipped, filled rectangles across the edge are cut, and anything else across it is drawn
     * under the real clip (a line or a polygon cut as a polygon anti-aliases a little differently from
     * the one drawn whole).
     */
    public static RectClipDrawContext exactly(DrawContext g, double x, double y, double w, double h) {
        return new RectClipDrawContext(g, x, y, w, h, true);
    }

    /** Whether the box is entirely inside the clip (drawn as is). */
    private boolean inside(double x0, double y0, double x1, double y1) {
        return !st.bounded || st.real || (x0 >= st.x0 && y0 >= st.y0 && x1 <= st.x1 && y1 <= st.y1);
    }

    /** Whether the box is entirely outside the clip, which never exceeds the visible area (skipped). */
    private boolean outside(double x0, double y0, double x1, double y1) {
        return x1 < st.x0 || y1 < st.y0 || x0 > st.x1 || y0 > st.y1;
    }

    private void makeReal() {
        if (st.bounded && !st.real) {
            g.clip(st.x0, st.y0, st.x1 - st.x0, st.y1 - st.y0);
            st.real = true;
        }
    }

    @Override
    public void fillRect(double x, double y, double w, double h, String color) {
        if (w <= 0 || h <= 0 || outside(x - AA, y - AA, x + w + AA, y + h + AA)) {
            return;
        }
        if (inside(x - AA, y - AA, x + w + AA, y + h + AA)) {
            g.fillRect(x, y, w, h, color);
            return;
        }
        cutRect(x, y, x + w, y + h, color);
    }

    private void cutRect(double x0, double y0, double x1, double y1, String color) {
        double cx0 = Math.max(x0, st.x0);
        double cy0 = Math.max(y0, st.y0);
        double cx1 = Math.min(x1, st.x1);
        double cy1 = Math.min(y1, st.y1);
        if (cx1 > cx0 && cy1 > cy0) {
            g.fillRect(cx0, cy0, cx1 - cx0, cy1 - cy0, color);
        }
    }

    @Override
    public void strokeRect(double x, double y, double w, double h, String color, double lineWidth) {
        double hw = lineWidth / 2;
        if (outside(x - hw - AA, y - hw - AA, x + w + hw + AA, y + h + hw + AA)) {
            return;
        }
        if (inside(x - hw - AA, y - hw - AA, x + w + hw + AA, y + h + hw + AA)) {
            g.strokeRect(x, y, w, h, color, lineWidth);
            return;
        }
        if (exact || w < lineWidth || h < lineWidth) {
            makeReal();
            g.strokeRect(x, y, w, h, color, lineWidth);
            return;
        }
        // The stroke of a rectangle (mitred corners) is four bands that do not overlap.
        cutRect(x - hw, y - hw, x + w + hw, y + hw, color);
        cutRect(x - hw, y + h - hw, x + w + hw, y + h + hw, color);
        cutRect(x - hw, y + hw, x + hw, y + h - hw, color);
        cutRect(x + w - hw, y + hw, x + w + hw, y + h - hw, color);
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, String color, double lineWidth) {
        double hw = lineWidth / 2;
        double bx0 = Math.min(x1, x2) - hw - AA;
        double by0 = Math.min(y1, y2) - hw - AA;
        double bx1 = Math.max(x1, x2) + hw + AA;
        double by1 = Math.max(y1, y2) + hw + AA;
        if (outside(bx0, by0, bx1, by1)) {
            return;
        }
        if (inside(bx0, by0, bx1, by1)) {
            g.line(x1, y1, x2, y2, color, lineWidth);
            return;
        }
        double dx = x2 - x1;
        double dy = y2 - y1;
        double len = Math.hypot(dx, dy);
        if (exact || len == 0) {
            makeReal();
            g.line(x1, y1, x2, y2, color, lineWidth);
            return;
        }
        // The outline of the stroke: square caps extend it by half the width at both ends.
        double ux = dx / len * hw;
        double uy = dy / len * hw;
        double ax = x1 - ux;
        double ay = y1 - uy;
        double bx = x2 + ux;
        double by = y2 + uy;
        double[] xs = {ax - uy, bx - uy, bx + uy, ax + uy};
        double[] ys = {ay + ux, by + ux, by - ux, ay - ux};
        cutPolygon(xs, ys, color);
    }

    @Override
    public void fillPolygon(double[] xs, double[] ys, String color) {
        double bx0 = Double.POSITIVE_INFINITY;
        double by0 = Double.POSITIVE_INFINITY;
        double bx1 = Double.NEGATIVE_INFINITY;
        double by1 = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < xs.length; i++) {
            bx0 = Math.min(bx0, xs[i]);
            by0 = Math.min(by0, ys[i]);
            bx1 = Math.max(bx1, xs[i]);
            by1 = Math.max(by1, ys[i]);
        }
        if (xs.length < 3 || outside(bx0 - AA, by0 - AA, bx1 + AA, by1 + AA)) {
            return;
        }
        if (inside(bx0 - AA, by0 - AA, bx1 + AA, by1 + AA)) {
            g.fillPolygon(xs, ys, color);
            return;
        }
        if (exact) {
            makeReal();
            g.fillPolygon(xs, ys, color);
            return;
        }
        cutPolygon(xs, ys, color);
    }

    /** Sutherland-Hodgman against the clip rectangle; exact for the filled area of any simple polygon. */
    private void cutPolygon(double[] xs, double[] ys, String color) {
        List<double[]> pts = new ArrayList<>(xs.length + 4);
        for (int i = 0; i < xs.length; i++) {
            pts.add(new double[] {xs[i], ys[i]});
        }
        pts = cut(pts, 0, st.x0, true);
        pts = cut(pts, 0, st.x1, false);
        pts = cut(pts, 1, st.y0, true);
        pts = cut(pts, 1, st.y1, false);
        if (pts.size() < 3) {
            return;
        }
        double[] ox = new double[pts.size()];
        double[] oy = new double[pts.size()];
        for (int i = 0; i < pts.size(); i++) {
            ox[i] = pts.get(i)[0];
            oy[i] = pts.get(i)[1];
        }
        g.fillPolygon(ox, oy, color);
    }

    private static List<double[]> cut(List<double[]> in, int axis, double edge, boolean keepAbove) {
        List<double[]> out = new ArrayList<>(in.size() + 2);
        for (int i = 0; i < in.size(); i++) {
            double[] a = in.get(i);
            double[] b = in.get((i + 1) % in.size());
            boolean ina = keepAbove ? a[axis] >= edge : a[axis] <= edge;
            boolean inb = keepAbove ? b[axis] >= edge : b[axis] <= edge;
            if (ina) {
                out.add(a);
            }
            if (ina != inb) {
                double t = (edge - a[axis]) / (b[axis] - a[axis]);
                out.add(new double[] {a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])});
            }
        }
        return out;
    }

    @Override
    public void text(String s, double x, double y, String color, double size, boolean bold, Align align) {
        if (needsRealClipForText(s, x, y, size, false, bold, align)) {
            makeReal();
        }
        if (!st.skipText) {
            g.text(s, x, y, color, size, bold, align);
        }
        st.skipText = false;
    }

    @Override
    public void mono(String s, double x, double y, String color, double size, Align align) {
        if (needsRealClipForText(s, x, y, size, true, false, align)) {
            makeReal();
        }
        if (!st.skipText) {
            g.mono(s, x, y, color, size, align);
        }
        st.skipText = false;
    }

    private boolean needsRealClipForText(String s, double x, double y, double size, boolean mono, boolean bold,
            Align align) {
        // Vertical extent first: it needs no measuring.
        double y0 = y - size * 1.05 - AA;
        double y1 = y + size * 0.35 + AA;
        if (y1 < st.y0 || y0 > st.y1) {
            st.skipText = true;
            return false;
        }
        if (!st.bounded || st.real) {
            return false;
        }
        // Bold faces run wider than the regular face the context measures; allow for it and for overhangs.
        double w = g.textWidth(s, size, mono) * (bold ? 1.2 : 1.0) + size * 0.3;
        double x0 = align == Align.LEFT ? x : align == Align.CENTER ? x - w / 2 : x - w;
        double x1 = x0 + w;
        x0 -= size * 0.15 + AA;
        if (outside(x0, y0, x1, y1)) {
            st.skipText = true;
            return false;
        }
        return !inside(x0, y0, x1, y1);
    }

    @Override
    public void fillOval(double x, double y, double w, double h, String color) {
        if (outside(x - AA, y - AA, x + w + AA, y + h + AA)) {
            return;
        }
        if (!inside(x - AA, y - AA, x + w + AA, y + h + AA)) {
            makeReal();
        }
        g.fillOval(x, y, w, h, color);
    }

    @Override
    public void strokeOval(double x, double y, double w, double h, String color, double lineWidth) {
        double m = lineWidth / 2 + AA;
        if (outside(x - m, y - m, x + w + m, y + h + m)) {
            return;
        }
        if (!inside(x - m, y - m, x + w + m, y + h + m)) {
            makeReal();
        }
        g.strokeOval(x, y, w, h, color, lineWidth);
    }

    @Override
    public double textWidth(String s, double size, boolean mono) {
        return g.textWidth(s, size, mono);
    }

    @Override
    public void save() {
        saved.push(st);
        st = st.copy();
        g.save();
    }

    @Override
    public void restore() {
        if (saved.isEmpty()) {
            return;
        }
        st = saved.pop();
        g.restore();
    }

    @Override
    public void clip(double x, double y, double w, double h) {
        double x0 = Math.max(st.x0, x);
        double y0 = Math.max(st.y0, y);
        double x1 = Math.min(st.x1, x + w);
        double y1 = Math.min(st.y1, y + h);
        if (x1 < x0) {
            x1 = x0;
        }
        if (y1 < y0) {
            y1 = y0;
        }
        boolean covers = x0 <= vx0 && y0 <= vy0 && x1 >= vx1 && y1 >= vy1;
        st.x0 = x0;
        st.y0 = y0;
        st.x1 = x1;
        st.y1 = y1;
        if (exact) {
            // The caller clips for real (a text across its own clip's edge): so does this context.
            g.clip(x0, y0, x1 - x0, y1 - y0);
            st.real = true;
        } else if (!covers) {
            st.bounded = true;
            st.real = false;
        }
    }

    @Override
    public boolean showsSelection() {
        return g.showsSelection();
    }
}
