package dev.asiscope.ui;

import dev.asiscope.ui.annotate.Rect;
import dev.asiscope.ui.draw.DrawContext;
import dev.asiscope.ui.draw.RectClipDrawContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One paint of a view recorded as the calls it made, in order, so that the canvas can be brought from the
 * last picture to the next one by redrawing only the area where the two differ ({@link #damageSince}).
 * Measuring ({@link #textWidth}) and {@link #showsSelection} are answered by the canvas's own context, so
 * a view lays itself out exactly as when it paints the canvas directly; replaying the calls into that
 * context draws exactly what the view would have drawn.
 *
 * <p>Why a recording rather than asking each view what its picture depends on: the picture is the only
 * exact account of that. Four of the six views print the cursor's cycle in their title, so on a step most
 * pictures differ in a line of text while the rest (the L1D grid, the maps, the walk) is the same as
 * before; the comparison finds that line and nothing else, and cannot miss a change a view did not
 * declare.
 */
final class DisplayList implements DrawContext {
    /** Anti-aliasing and text overhangs reach beyond a call's geometry; this much is added on every side. */
    static final double MARGIN = 2;

    private final DrawContext measure;
    private final double width;
    private final double height;
    private final List<Call> calls = new ArrayList<>();

    /**
     * @param measure the context the picture will be drawn into (measures text, says whether selection shows)
     * @param width   the picture's width, in its own coordinates (the canvas divided by the zoom)
     * @param height  the picture's height
     */
    DisplayList(DrawContext measure, double width, double height) {
        this.measure = measure;
        this.width = width;
        this.height = height;
    }

    /** A recorded call; {@link #box} is null for the state calls (save, restore, clip). */
    private sealed interface Call {
        void replay(DrawContext g);

        /** Every pixel the call may touch in a picture {@code width} wide, or null for a state call. */
        Rect box(double width);
    }

    private record FillRect(double x, double y, double w, double h, String color) implements Call {
        public void replay(DrawContext g) {
            g.fillRect(x, y, w, h, color);
        }

        public Rect box(double width) {
            return grown(new Rect(x, y, w, h), 0);
        }
    }

    private record StrokeRect(double x, double y, double w, double h, String color, double lineWidth) implements Call {
        public void replay(DrawContext g) {
            g.strokeRect(x, y, w, h, color, lineWidth);
        }

        public Rect box(double width) {
            return grown(new Rect(x, y, w, h), lineWidth);
        }
    }

    private record Line(double x1, double y1, double x2, double y2, String color, double lineWidth) implements Call {
        public void replay(DrawContext g) {
            g.line(x1, y1, x2, y2, color, lineWidth);
        }

        public Rect box(double width) {
            // A square cap reaches half a line width beyond the ends, diagonally up to 0.71 of it.
            return grown(Rect.spanning(x1, y1, x2, y2), lineWidth);
        }
    }

    /**
     * A line of text: its box is the whole width of the picture (text is measured only approximately and a
     * bold face runs wider), from well above the tallest glyph to below the deepest descender.
     */
    private record Text(String s, double x, double y, String color, double size, boolean bold, Align align,
            boolean mono) implements Call {
        public void replay(DrawContext g) {
            if (mono) {
                g.mono(s, x, y, color, size, align);
            } else {
                g.text(s, x, y, color, size, bold, align);
            }
        }

        public Rect box(double width) {
            return grown(new Rect(0, y - size * 1.5, width, size * 2.1), 0);
        }
    }

    private record Oval(double x, double y, double w, double h, String color, double lineWidth, boolean filled)
            implements Call {
        public void replay(DrawContext g) {
            if (filled) {
                g.fillOval(x, y, w, h, color);
            } else {
                g.strokeOval(x, y, w, h, color, lineWidth);
            }
        }

        public Rect box(double width) {
            return grown(new Rect(x, y, w, h), lineWidth);
        }
    }

    private record Polygon(double[] xs, double[] ys, String color) implements Call {
        public void replay(DrawContext g) {
            g.fillPolygon(xs, ys, color);
        }

        public Rect box(double width) {
            Rect box = null;
            for (int i = 0; i < Math.min(xs.length, ys.length); i++) {
                Rect corner = new Rect(xs[i], ys[i], 0, 0);
                box = box == null ? corner : box.union(corner);
            }
            return box == null ? null : grown(box, 0);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Polygon p && Arrays.equals(xs, p.xs) && Arrays.equals(ys, p.ys)
                    && color.equals(p.color);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(xs) * 31 + Arrays.hashCode(ys);
        }
    }

    private record Save() implements Call {
        public void replay(DrawContext g) {
            g.save();
        }

        public Rect box(double width) {
            return null;
        }
    }

    private record Restore() implements Call {
        public void replay(DrawContext g) {
            g.restore();
        }

        public Rect box(double width) {
            return null;
        }
    }

    private record Clip(double x, double y, double w, double h) implements Call {
        public void replay(DrawContext g) {
            g.clip(x, y, w, h);
        }

        public Rect box(double width) {
            return null;
        }
    }

    private static final Save SAVE = new Save();
    private static final Restore RESTORE = new Restore();

    /** {@code r} grown by what a stroke of {@code lineWidth} and anti-aliasing add around it. */
    private static Rect grown(Rect r, double lineWidth) {
        return r.inflate(lineWidth * 0.71 + MARGIN);
    }

    // ------------------------------------------------------------------ recording

    @Override
    public void fillRect(double x, double y, double w, double h, String color) {
        calls.add(new FillRect(x, y, w, h, color));
    }

    @Override
    public void strokeRect(double x, double y, double w, double h, String color, double lineWidth) {
        calls.add(new StrokeRect(x, y, w, h, color, lineWidth));
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, String color, double lineWidth) {
        calls.add(new Line(x1, y1, x2, y2, color, lineWidth));
    }

    @Override
    public void text(String s, double x, double y, String color, double size, boolean bold, Align align) {
        calls.add(new Text(s, x, y, color, size, bold, align, false));
    }

    @Override
    public void mono(String s, double x, double y, String color, double size, Align align) {
        calls.add(new Text(s, x, y, color, size, false, align, true));
    }

    @Override
    public void fillOval(double x, double y, double w, double h, String color) {
        calls.add(new Oval(x, y, w, h, color, 0, true));
    }

    @Override
    public void strokeOval(double x, double y, double w, double h, String color, double lineWidth) {
        calls.add(new Oval(x, y, w, h, color, lineWidth, false));
    }

    @Override
    public void fillPolygon(double[] xs, double[] ys, String color) {
        // Copied: a painter may reuse its arrays for the next polygon.
        calls.add(new Polygon(xs.clone(), ys.clone(), color));
    }

    @Override
    public double textWidth(String s, double size, boolean mono) {
        return measure.textWidth(s, size, mono);
    }

    @Override
    public void save() {
        calls.add(SAVE);
    }

    @Override
    public void restore() {
        calls.add(RESTORE);
    }

    @Override
    public void clip(double x, double y, double w, double h) {
        calls.add(new Clip(x, y, w, h));
    }

    @Override
    public boolean showsSelection() {
        return measure.showsSelection();
    }

    // ------------------------------------------------------------------ comparing and replaying

    /**
     * The area (in the picture's coordinates) outside which this picture and {@code before} are the same
     * pixels: empty when the two recordings are equal, the whole picture when it must all be drawn again.
     * The calls both share at the start and at the end are the same pixels; between them, the boxes of the
     * calls that differ (in both recordings) bound what changed. A save, restore or clip among those calls
     * changes what every later call draws, so it asks for all.
     */
    Optional<Rect> damageSince(DisplayList before) {
        List<Call> a = before.calls;
        List<Call> b = calls;
        int n = Math.min(a.size(), b.size());
        int head = 0;
        while (head < n && a.get(head).equals(b.get(head))) {
            head++;
        }
        if (head == a.size() && head == b.size()) {
            return Optional.empty();
        }
        int tail = 0;
        while (tail < n - head && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) {
            tail++;
        }
        Rect whole = new Rect(0, 0, width, height);
        Rect area = null;
        for (List<Call> list : List.of(a, b)) {
            for (int i = head; i < list.size() - tail; i++) {
                Rect box = list.get(i).box(width);
                if (box == null) {
                    return Optional.of(whole);
                }
                area = area == null ? box : area.union(box);
            }
        }
        return Optional.of(area);
    }

    /**
     * Draws the part of the picture inside {@code area} into {@code g}, exactly as drawing the whole
     * picture makes those pixels, and nothing outside it. The area (whole pixels of the canvas) is cut by
     * {@link RectClipDrawContext#exactly}; the picture's own clips are done, as in a full paint, by a
     * {@link RectClipDrawContext} over the whole picture, which makes the same choices in both. The
     * canvas gets a real clip only where a shape other than a filled rectangle crosses the area's edge (in
     * the software pipeline a real clip costs a mask of the whole canvas). An area that holds the whole
     * picture draws it all without clipping.
     */
    void replay(DrawContext g, Rect area) {
        boolean whole = area.x() <= 0 && area.y() <= 0 && area.maxX() >= width && area.maxY() >= height;
        DrawContext target = whole ? g : RectClipDrawContext.exactly(g, area.x(), area.y(), area.w(), area.h());
        RectClipDrawContext dc = new RectClipDrawContext(target, 0, 0, width, height);
        for (Call c : calls) {
            c.replay(dc);
        }
    }
}
