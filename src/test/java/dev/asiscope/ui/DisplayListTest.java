package dev.asiscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.ui.annotate.Rect;
import dev.asiscope.ui.draw.DrawContext.Align;
import dev.asiscope.ui.draw.NoPaintDrawContext;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A recorded picture drawn again in part reaches the canvas cut to the area by the picture itself: shapes
 * that cross the area's edge arrive cut, shapes outside do not arrive, and the canvas is asked for a real
 * clip (a mask of the whole canvas in the software pipeline) only by a text that crosses the edge.
 */
class DisplayListTest {
    /** What reaches the canvas: its fills, polygons, texts and clips. */
    static final class Canvas extends NoPaintDrawContext {
        final List<Rect> fills = new ArrayList<>();
        final List<double[]> polygons = new ArrayList<>();
        final List<String> texts = new ArrayList<>();
        final List<Rect> clips = new ArrayList<>();

        Canvas() {
            super(null);
        }

        @Override
        public void fillRect(double x, double y, double w, double h, String color) {
            fills.add(new Rect(x, y, w, h));
        }

        @Override
        public void fillPolygon(double[] xs, double[] ys, String color) {
            double x1 = Double.NEGATIVE_INFINITY;
            for (double x : xs) {
                x1 = Math.max(x1, x);
            }
            polygons.add(new double[] {x1});
        }

        @Override
        public void line(double x1, double y1, double x2, double y2, String color, double lineWidth) {
            polygons.add(new double[] {Math.max(x1, x2)});
        }

        @Override
        public void text(String s, double x, double y, String color, double size, boolean bold, Align align) {
            texts.add(s);
        }

        @Override
        public void clip(double x, double y, double w, double h) {
            clips.add(new Rect(x, y, w, h));
        }
    }

    private static DisplayList picture(Canvas measure) {
        DisplayList p = new DisplayList(measure, 200, 100);
        p.fillRect(0, 0, 200, 100, "#ffffff");
        p.fillRect(50, 10, 100, 20, "#ff0000");
        p.fillRect(150, 70, 40, 20, "#00ff00");
        p.text("in", 10, 80, "#000000", 12, false, Align.LEFT);
        return p;
    }

    @Test
    void aPartialReplayCutsRectanglesAtTheAreaWithoutAClipOnTheCanvas() {
        Canvas canvas = new Canvas();
        picture(canvas).replay(canvas, new Rect(0, 0, 80, 100));
        assertEquals(List.of(), canvas.clips, "no real clip: only rectangles cross the area's edge");
        assertEquals(List.of(new Rect(0, 0, 80, 100), new Rect(50, 10, 30, 20)), canvas.fills,
                "the background and the red box cut at x 80; the green box outside is not drawn");
        assertEquals(List.of("in"), canvas.texts);
    }

    @Test
    void aWholeReplayDrawsEveryCallAsRecorded() {
        Canvas canvas = new Canvas();
        DisplayList p = picture(canvas);
        p.line(0, 50, 200, 50, "#000000", 1);
        p.replay(canvas, new Rect(0, 0, 200, 100));
        assertEquals(List.of(), canvas.clips);
        assertEquals(List.of(new Rect(0, 0, 200, 100), new Rect(50, 10, 100, 20), new Rect(150, 70, 40, 20)),
                canvas.fills);
        assertEquals(List.of(200.0), canvas.polygons.stream().map(q -> q[0]).toList(), "the line as drawn");
    }

    /**
     * A line cut as a polygon anti-aliases a little differently from the line drawn whole, so a line across
     * the area's edge is drawn whole under the area's real clip: the pixels inside are a full paint's.
     */
    @Test
    void aLineAcrossTheAreaIsDrawnWholeUnderTheAreasClip() {
        Canvas canvas = new Canvas();
        DisplayList p = picture(canvas);
        p.line(0, 50, 200, 50, "#000000", 1);
        p.line(120, 40, 190, 40, "#000000", 1);
        p.replay(canvas, new Rect(0, 0, 80, 100));
        assertEquals(List.of(new Rect(0, 0, 80, 100)), canvas.clips);
        assertEquals(List.of(200.0), canvas.polygons.stream().map(q -> q[0]).toList(),
                "the line across drawn whole, the one outside not at all");
    }

    /** The picture's own clips are cut in a partial replay exactly as in a whole one. */
    @Test
    void thePicturesOwnClipIsCutAsInAWholeReplay() {
        List<List<Double>> drawn = new ArrayList<>();
        for (Rect area : List.of(new Rect(0, 0, 200, 100), new Rect(0, 0, 150, 100))) {
            Canvas canvas = new Canvas();
            DisplayList p = new DisplayList(canvas, 200, 100);
            p.save();
            p.clip(0, 0, 100, 100);
            p.line(10, 50, 140, 50, "#000000", 1);
            p.restore();
            p.replay(canvas, area);
            assertEquals(List.of(), canvas.clips, "inside the area the line is cut at the picture's clip only");
            drawn.add(canvas.polygons.stream().map(q -> q[0]).toList());
        }
        assertEquals(drawn.get(0), drawn.get(1));
        assertTrue(drawn.get(0).get(0) <= 100 + 1e-9, "cut at the picture's clip: " + drawn.get(0));
    }

    @Test
    void aTextAcrossTheEdgeClipsTheCanvasToTheArea() {
        Canvas canvas = new Canvas();
        DisplayList p = new DisplayList(canvas, 200, 100);
        p.text("a line of text that runs across the edge", 10, 40, "#000000", 12, false, Align.LEFT);
        p.replay(canvas, new Rect(0, 0, 80, 100));
        assertEquals(List.of(new Rect(0, 0, 80, 100)), canvas.clips);
    }

    @Test
    void theDamageIsNothingTheChangedCallsOrAll() {
        Canvas measure = new Canvas();
        DisplayList before = picture(measure);
        assertEquals(java.util.Optional.empty(), picture(measure).damageSince(before), "the same picture");

        DisplayList moved = new DisplayList(measure, 200, 100);
        moved.fillRect(0, 0, 200, 100, "#ffffff");
        moved.fillRect(50, 12, 100, 20, "#ff0000");
        moved.fillRect(150, 70, 40, 20, "#00ff00");
        moved.text("in", 10, 80, "#000000", 12, false, Align.LEFT);
        Rect m = moved.damageSince(before).orElseThrow();
        double margin = DisplayList.MARGIN;
        assertEquals(new Rect(50 - margin, 10 - margin, 100 + 2 * margin, 22 + 2 * margin), m,
                "the red box where it was and where it is");

        DisplayList retitled = picture(measure);
        retitled.text("cycle 2", 10, 20, "#000000", 10, false, Align.LEFT);
        Rect t = retitled.damageSince(picture(measure)).orElseThrow();
        assertEquals(new Rect(-margin, 20 - 15 - margin, 200 + 2 * margin, 21 + 2 * margin), t,
                "a text's band across the whole picture");

        DisplayList clipped = picture(measure);
        clipped.clip(0, 0, 10, 10);
        assertEquals(new Rect(0, 0, 200, 100), clipped.damageSince(before).orElseThrow(),
                "a clip among the changes: all");
    }
}
