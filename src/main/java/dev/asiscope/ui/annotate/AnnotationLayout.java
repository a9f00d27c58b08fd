package dev.asiscope.ui.annotate;

import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.draw.DrawContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where annotations land in pixels: frames (the anchor's box or the whole view), control points, text
 * boxes and bounds for hit testing. Shared by the painter (screen and SVG) and the editor, so what is
 * drawn, what is picked and what is exported agree.
 */
public final class AnnotationLayout {
    /** Line height of annotation text, in font sizes. */
    static final double LINE = 1.25;
    /** Ascent of DejaVu Sans, in font sizes. */
    static final double ASCENT = 0.93;
    /** Descent plus a little air, in font sizes. */
    static final double DESCENT = 0.27;

    private AnnotationLayout() {
    }

    /**
     * The frame of {@code a} in pixels of a {@code w x h} view: its anchor's box as the locator reports it,
     * else the anchor's fallback box, else the whole view. A highlight (box, ellipse) covers its object, so
     * its frame is the object's box as drawn now. An arrow, a callout, a step marker or a text reaches
     * beyond its object, so its frame is the box the object had when the annotation was placed (the
     * fallback, scaled with the view) centred where the object is now: it moves with the object and scales
     * with the view, but an object drawn enlarged (the secret's L1D line, a causal chain's line, a walk
     * drawn in larger type) does not stretch a long arrow's tail away by the same factor.
     */
    public static Rect frame(Annotation a, double w, double h, AnchorLocator locator, SimSession s) {
        Anchor anchor = a.anchor();
        if (anchor == null) {
            return new Rect(0, 0, w, h);
        }
        Optional<Rect> located = Optional.empty();
        if (locator != null) {
            try {
                located = locator.locate(anchor, w, h, s);
            } catch (RuntimeException e) {
                // a view that cannot answer for this state falls back to the remembered box
                located = Optional.empty();
            }
        }
        Rect f = anchor.fallback();
        Rect placed = new Rect(f.x() * w, f.y() * h, f.w() * w, f.h() * h);
        Rect r = located.orElse(placed);
        if (located.isPresent() && !(a instanceof RectHighlight || a instanceof EllipseHighlight)) {
            r = new Rect(r.centerX() - placed.w() / 2, r.centerY() - placed.h() / 2, placed.w(), placed.h());
        }
        return new Rect(r.x(), r.y(), Math.max(1, r.w()), Math.max(1, r.h()));
    }

    /** A frame point in pixels. */
    public static Point toPixels(Point p, Rect frame) {
        return new Point(frame.x() + p.x() * frame.w(), frame.y() + p.y() * frame.h());
    }

    /** A pixel position in frame units (rounded to 1e-5 so files stay tidy). */
    public static Point toFrame(double px, double py, Rect frame) {
        return new Point(round((px - frame.x()) / frame.w()), round((py - frame.y()) / frame.h()));
    }

    static double round(double v) {
        return Math.round(v * 100_000) / 100_000.0;
    }

    /** The control points of {@code a} in pixels. */
    public static List<Point> pixelPoints(Annotation a, Rect frame) {
        List<Point> out = new ArrayList<>();
        for (Point p : a.points()) {
            out.add(toPixels(p, frame));
        }
        return out;
    }

    /** The lines of a text annotation. */
    static String[] lines(String text) {
        return text.split("\\R", -1);
    }

    /** Padding of callout boxes and text backgrounds, in pixels. */
    static double padding(Annotation a) {
        return a instanceof Callout ? a.style().fontSize() * 0.45 : a.style().fontSize() * 0.2;
    }

    /** The box of a callout's or text's lines with its top-left at {@code topLeft}, padding included. */
    public static Rect textBox(String text, Annotation a, Point topLeft, DrawContext measure) {
        double fs = a.style().fontSize();
        double width = 0;
        String[] lines = lines(text);
        for (String l : lines) {
            width = Math.max(width, measure.textWidth(l, fs, false));
        }
        double pad = padding(a);
        double height = (lines.length - 1) * fs * LINE + fs * (ASCENT + DESCENT);
        return new Rect(topLeft.x(), topLeft.y(), width + 2 * pad, height + 2 * pad);
    }

    /**
     * The box of a callout's or text's lines as drawn in a {@code w x h} view: {@link #textBox} moved
     * inside the view when it would cross an edge, so a note placed near the edge is never cut off (on
     * screen or in an export); a box larger than the view keeps its top-left corner in the view. Infinite
     * sizes leave the box where it is.
     */
    public static Rect textBoxIn(String text, Annotation a, Point topLeft, DrawContext measure, double w, double h) {
        return inside(textBox(text, a, topLeft, measure), w, h);
    }

    /** {@code b} moved (not resized) to lie inside {@code [0, w] x [0, h]} as far as it can. */
    static Rect inside(Rect b, double w, double h) {
        double x = !Double.isFinite(w) ? b.x() : b.w() >= w ? 0 : Math.max(0, Math.min(b.x(), w - b.w()));
        double y = !Double.isFinite(h) ? b.y() : b.h() >= h ? 0 : Math.max(0, Math.min(b.y(), h - b.h()));
        return x == b.x() && y == b.y() ? b : new Rect(x, y, b.w(), b.h());
    }

    /** A step marker's centre as drawn in a {@code w x h} view: its whole circle inside the view. */
    public static Point stepCentreIn(StepMarker m, Point c, double w, double h) {
        double r = stepRadius(m) + 1.5;
        Rect b = inside(new Rect(c.x() - r, c.y() - r, 2 * r, 2 * r), w, h);
        return new Point(b.centerX(), b.centerY());
    }

    /**
     * An arrow's ends as drawn in a {@code w x h} view: kept far enough inside for the head (half its width
     * and half the stroke), so an arrow pointing at the edge is not cut off.
     */
    public static List<Point> arrowEndsIn(Annotation a, List<Point> p, double w, double h) {
        double m = arrowHead(a.style().strokeWidth()) * 0.45 + a.style().strokeWidth() / 2;
        return List.of(inside(p.get(0), m, w, h), inside(p.get(1), m, w, h));
    }

    private static Point inside(Point p, double m, double w, double h) {
        double x = Double.isFinite(w) && w > 2 * m ? Math.max(m, Math.min(w - m, p.x())) : p.x();
        double y = Double.isFinite(h) && h > 2 * m ? Math.max(m, Math.min(h - m, p.y())) : p.y();
        return new Point(x, y);
    }

    /**
     * A box's or ellipse's outline as drawn in a {@code w x h} view: each side that lies on or beyond the
     * view's edge moved in by half the stroke, so the whole outline shows.
     */
    public static Rect outlineIn(Annotation a, List<Point> p, double w, double h) {
        Rect box = Rect.spanning(p.get(0).x(), p.get(0).y(), p.get(1).x(), p.get(1).y());
        if (!Double.isFinite(w) || !Double.isFinite(h)) {
            return box;
        }
        double half = a.style().strokeWidth() / 2;
        double x0 = Math.max(box.x(), half);
        double y0 = Math.max(box.y(), half);
        double x1 = Math.min(box.maxX(), w - half);
        double y1 = Math.min(box.maxY(), h - half);
        return x1 <= x0 || y1 <= y0 ? box : new Rect(x0, y0, x1 - x0, y1 - y0);
    }

    /** Radius of a step marker's circle, in pixels. */
    public static double stepRadius(StepMarker m) {
        return m.style().fontSize() * 0.85;
    }

    /** The pixel box that holds everything {@code a} draws (selection outline, hit testing). */
    public static Rect bounds(Annotation a, Rect frame, DrawContext measure) {
        return bounds(a, frame, measure, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /** {@link #bounds(Annotation, Rect, DrawContext)} as drawn in a {@code w x h} view (texts kept inside it). */
    public static Rect bounds(Annotation a, Rect frame, DrawContext measure, double w, double h) {
        List<Point> p = pixelPoints(a, frame);
        double sw = a.style().strokeWidth();
        if (a instanceof Arrow) {
            List<Point> e = arrowEndsIn(a, p, w, h);
            return Rect.spanning(e.get(0).x(), e.get(0).y(), e.get(1).x(), e.get(1).y())
                    .inflate(Math.max(sw, arrowHead(sw)));
        } else if (a instanceof RectHighlight || a instanceof EllipseHighlight) {
            return outlineIn(a, p, w, h).inflate(sw / 2);
        } else if (a instanceof Callout c) {
            return textBoxIn(c.text(), c, p.get(0), measure, w, h)
                    .union(new Rect(p.get(1).x(), p.get(1).y(), 0, 0).inflate(sw * 1.5));
        } else if (a instanceof StepMarker m) {
            Point c = stepCentreIn(m, p.get(0), w, h);
            return new Rect(c.x(), c.y(), 0, 0).inflate(stepRadius(m) + 1);
        } else {
            TextNote t = (TextNote) a;
            return textBoxIn(t.text(), t, p.get(0), measure, w, h);
        }
    }

    /** Length of an arrowhead for a stroke width. */
    static double arrowHead(double strokeWidth) {
        return Math.max(10, strokeWidth * 4);
    }

    /** Whether the pixel ({@code px}, {@code py}) is on {@code a}, within {@code tolerance} pixels. */
    public static boolean hits(Annotation a, Rect frame, double px, double py, double tolerance, DrawContext measure) {
        return hits(a, frame, px, py, tolerance, measure, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /** {@link #hits(Annotation, Rect, double, double, double, DrawContext)} as drawn in a {@code w x h} view. */
    public static boolean hits(Annotation a, Rect frame, double px, double py, double tolerance, DrawContext measure,
            double w, double h) {
        List<Point> p = pixelPoints(a, frame);
        double t = tolerance + a.style().strokeWidth() / 2;
        if (a instanceof Arrow) {
            List<Point> e = arrowEndsIn(a, p, w, h);
            return distanceToSegment(px, py, e.get(0), e.get(1)) <= t;
        } else if (a instanceof RectHighlight) {
            return outlineIn(a, p, w, h).inflate(t).contains(px, py);
        } else if (a instanceof EllipseHighlight) {
            return insideEllipse(outlineIn(a, p, w, h).inflate(t), px, py);
        } else if (a instanceof Callout c) {
            Rect box = textBoxIn(c.text(), c, p.get(0), measure, w, h);
            return box.inflate(tolerance).contains(px, py)
                    || distanceToSegment(px, py, leaderStart(box, p.get(1)), p.get(1)) <= t;
        } else if (a instanceof StepMarker m) {
            Point c = stepCentreIn(m, p.get(0), w, h);
            return Math.hypot(px - c.x(), py - c.y()) <= stepRadius(m) + tolerance;
        } else {
            TextNote n = (TextNote) a;
            return textBoxIn(n.text(), n, p.get(0), measure, w, h).inflate(tolerance).contains(px, py);
        }
    }

    /** Where a callout's leader leaves its box: the point of the box nearest the target. */
    public static Point leaderStart(Rect box, Point target) {
        double x = Math.max(box.x(), Math.min(target.x(), box.maxX()));
        double y = Math.max(box.y(), Math.min(target.y(), box.maxY()));
        return new Point(x, y);
    }

    static double distanceToSegment(double px, double py, Point a, Point b) {
        double dx = b.x() - a.x();
        double dy = b.y() - a.y();
        double len2 = dx * dx + dy * dy;
        double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((px - a.x()) * dx + (py - a.y()) * dy) / len2));
        return Math.hypot(px - (a.x() + t * dx), py - (a.y() + t * dy));
    }

    private static boolean insideEllipse(Rect r, double px, double py) {
        if (r.w() <= 0 || r.h() <= 0) {
            return false;
        }
        double nx = (px - r.centerX()) / (r.w() / 2);
        double ny = (py - r.centerY()) / (r.h() / 2);
        return nx * nx + ny * ny <= 1;
    }
}
