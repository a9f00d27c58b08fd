package dev.asiscope.ui.annotate;

import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import dev.asiscope.ui.draw.DrawContext;
import dev.asiscope.ui.draw.DrawContext.Align;
import java.util.List;

/**
 * Draws annotations through {@link DrawContext}, so the screen, the PNG and the SVG export (shapes and
 * text, never bitmaps) all come from the same calls.
 */
public final class AnnotationPainter {
    private AnnotationPainter() {
    }

    /**
     * Draws, in list order, those of {@code all} that are visible in {@code viewId} at the session's
     * cycle, over a view painted into a {@code w x h} area.
     */
    public static void paintVisible(DrawContext g, List<Annotation> all, String viewId, double w, double h,
            AnchorLocator locator, SimSession s, Theme theme) {
        long cycle = s == null ? 0 : s.cycle();
        for (Annotation a : all) {
            if (a.attachment().visibleIn(viewId, cycle)) {
                paint(g, a, AnnotationLayout.frame(a, w, h, locator, s), theme, w, h);
            }
        }
    }

    /** Draws one annotation in the given pixel frame, wherever its texts fall. */
    public static void paint(DrawContext g, Annotation a, Rect frame, Theme theme) {
        paint(g, a, frame, theme, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /**
     * Draws one annotation in the given pixel frame over a {@code w x h} view: callout and text boxes and
     * step markers that would cross the view's edge are moved inside it ({@link AnnotationLayout#textBoxIn}),
     * a box or ellipse on the edge has its outline drawn just inside, and an arrow's ends are kept far
     * enough inside for its head, so nothing is cut off.
     */
    public static void paint(DrawContext g, Annotation a, Rect frame, Theme theme, double w, double h) {
        List<Point> p = AnnotationLayout.pixelPoints(a, frame);
        Style st = a.style();
        if (a instanceof Arrow) {
            List<Point> ends = AnnotationLayout.arrowEndsIn(a, p, w, h);
            arrow(g, ends.get(0), ends.get(1), st, theme);
        } else if (a instanceof RectHighlight) {
            Rect box = AnnotationLayout.outlineIn(a, p, w, h);
            g.fillRect(box.x(), box.y(), box.w(), box.h(), st.color() + "2e");
            g.strokeRect(box.x(), box.y(), box.w(), box.h(), st.color(), st.strokeWidth());
        } else if (a instanceof EllipseHighlight) {
            Rect box = AnnotationLayout.outlineIn(a, p, w, h);
            g.fillOval(box.x(), box.y(), box.w(), box.h(), st.color() + "2e");
            g.strokeOval(box.x(), box.y(), box.w(), box.h(), st.color(), st.strokeWidth());
        } else if (a instanceof Callout c) {
            callout(g, c, AnnotationLayout.textBoxIn(c.text(), c, p.get(0), g, w, h), p.get(1), theme);
        } else if (a instanceof StepMarker m) {
            step(g, m, AnnotationLayout.stepCentreIn(m, p.get(0), w, h), theme);
        } else if (a instanceof TextNote t) {
            Rect box = AnnotationLayout.textBoxIn(t.text(), t, p.get(0), g, w, h);
            g.fillRect(box.x(), box.y(), box.w(), box.h(), backing(st.color(), theme) + "d9");
            lines(g, t.text(), t, box, st.color());
        }
    }

    private static void arrow(DrawContext g, Point from, Point to, Style st, Theme theme) {
        double dx = to.x() - from.x();
        double dy = to.y() - from.y();
        double len = Math.hypot(dx, dy);
        if (len < 0.5) {
            return;
        }
        double ux = dx / len;
        double uy = dy / len;
        double head = Math.min(AnnotationLayout.arrowHead(st.strokeWidth()), len);
        double half = head * 0.45;
        // The shaft stops inside the head so a thick line never pokes out of the tip.
        double ex = to.x() - ux * head * 0.8;
        double ey = to.y() - uy * head * 0.8;
        String halo = theme.background() + "b3";
        g.line(from.x(), from.y(), ex, ey, halo, st.strokeWidth() + 3);
        g.line(from.x(), from.y(), ex, ey, st.color(), st.strokeWidth());
        double bx = to.x() - ux * head;
        double by = to.y() - uy * head;
        g.fillPolygon(new double[] {to.x(), bx - uy * half, bx + uy * half},
                new double[] {to.y(), by + ux * half, by - ux * half}, st.color());
    }

    private static void callout(DrawContext g, Callout c, Rect box, Point target, Theme theme) {
        Style st = c.style();
        if (!box.contains(target.x(), target.y())) {
            Point from = AnnotationLayout.leaderStart(box, target);
            g.line(from.x(), from.y(), target.x(), target.y(), theme.background() + "b3", st.strokeWidth() + 3);
            g.line(from.x(), from.y(), target.x(), target.y(), st.color(), st.strokeWidth());
            double r = Math.max(2.5, st.strokeWidth() * 1.2);
            g.fillOval(target.x() - r, target.y() - r, 2 * r, 2 * r, st.color());
        }
        g.fillRect(box.x(), box.y(), box.w(), box.h(), theme.background() + "f2");
        g.strokeRect(box.x(), box.y(), box.w(), box.h(), st.color(), Math.min(st.strokeWidth(), 2));
        lines(g, c.text(), c, box, theme.text());
    }

    private static void lines(DrawContext g, String text, Annotation a, Rect box, String color) {
        double fs = a.style().fontSize();
        double pad = AnnotationLayout.padding(a);
        double y = box.y() + pad + fs * AnnotationLayout.ASCENT;
        for (String line : AnnotationLayout.lines(text)) {
            g.text(line, box.x() + pad, y, color, fs, false, Align.LEFT);
            y += fs * AnnotationLayout.LINE;
        }
    }

    private static void step(DrawContext g, StepMarker m, Point c, Theme theme) {
        double r = AnnotationLayout.stepRadius(m);
        double fs = m.style().fontSize();
        g.fillOval(c.x() - r - 1.5, c.y() - r - 1.5, 2 * r + 3, 2 * r + 3, theme.background());
        g.fillOval(c.x() - r, c.y() - r, 2 * r, 2 * r, m.style().color());
        String label = Integer.toString(m.number());
        double size = label.length() > 2 ? fs * 0.7 : fs * 0.95;
        g.text(label, c.x(), c.y() + size * 0.36, contrastingInk(m.style().color()), size, true, Align.CENTER);
    }

    /** Black or white, whichever reads better on {@code color} ({@code #rrggbb}). */
    static String contrastingInk(String color) {
        return luminance(color) > 0.6 ? "#000000" : "#ffffff";
    }

    /**
     * The backing of a text: the theme's background, unless the text's colour would be hard to read on it
     * (dark text exported with the dark theme), then white or black.
     */
    static String backing(String textColor, Theme theme) {
        double lt = luminance(textColor);
        double lb = luminance(theme.background());
        double contrast = (Math.max(lt, lb) + 0.05) / (Math.min(lt, lb) + 0.05);
        return contrast >= 3 ? theme.background() : lt < 0.5 ? "#ffffff" : "#000000";
    }

    private static double luminance(String color) {
        int rgb = Integer.parseInt(color.substring(1, 7), 16);
        double r = ((rgb >> 16) & 0xff) / 255.0;
        double gr = ((rgb >> 8) & 0xff) / 255.0;
        double b = (rgb & 0xff) / 255.0;
        return 0.2126 * r + 0.7152 * gr + 0.0722 * b;
    }
}
