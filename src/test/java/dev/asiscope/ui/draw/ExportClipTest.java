package dev.asiscope.ui.draw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.ui.draw.DrawContext.Align;
import dev.asiscope.ui.export.ExportFixtures;
import java.util.function.Consumer;
import javafx.scene.SnapshotParameters;
import javafx.scene.canvas.Canvas;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The export's own rectangular clipping draws what a real canvas clip draws, without the canvas clip. */
class ExportClipTest {
    static final int W = 400;
    static final int H = 300;

    @BeforeAll
    static void startToolkit() throws Exception {
        ExportFixtures.startFx();
    }

    /** Counts the clips that reach the canvas. */
    static final class CountingClips implements DrawContext {
        final DrawContext g;
        int clips;

        CountingClips(DrawContext g) {
            this.g = g;
        }

        @Override public void fillRect(double x, double y, double w, double h, String c) { g.fillRect(x, y, w, h, c); }
        @Override public void strokeRect(double x, double y, double w, double h, String c, double lw) { g.strokeRect(x, y, w, h, c, lw); }
        @Override public void line(double x1, double y1, double x2, double y2, String c, double lw) { g.line(x1, y1, x2, y2, c, lw); }
        @Override public void text(String s, double x, double y, String c, double size, boolean b, Align a) { g.text(s, x, y, c, size, b, a); }
        @Override public void mono(String s, double x, double y, String c, double size, Align a) { g.mono(s, x, y, c, size, a); }
        @Override public void fillOval(double x, double y, double w, double h, String c) { g.fillOval(x, y, w, h, c); }
        @Override public void strokeOval(double x, double y, double w, double h, String c, double lw) { g.strokeOval(x, y, w, h, c, lw); }
        @Override public void fillPolygon(double[] xs, double[] ys, String c) { g.fillPolygon(xs, ys, c); }
        @Override public double textWidth(String s, double size, boolean mono) { return g.textWidth(s, size, mono); }
        @Override public void save() { g.save(); }
        @Override public void restore() { g.restore(); }
        @Override public void clip(double x, double y, double w, double h) { clips++; g.clip(x, y, w, h); }
    }

    static int[] draw(boolean emulated, Consumer<DrawContext> picture, int[] clipsOut) throws Exception {
        return ExportFixtures.fx(() -> {
            Canvas c = new Canvas(W, H);
            CountingClips counting = new CountingClips(new FxDrawContext(c.getGraphicsContext2D()));
            DrawContext g = emulated ? new RectClipDrawContext(counting, 0, 0, W, H) : counting;
            g.fillRect(0, 0, W, H, "#ffffff");
            picture.accept(g);
            SnapshotParameters p = new SnapshotParameters();
            p.setFill(Color.WHITE);
            WritableImage img = c.snapshot(p, null);
            int[] px = new int[W * H];
            img.getPixelReader().getPixels(0, 0, W, H, PixelFormat.getIntArgbInstance(), px, 0, W);
            clipsOut[0] = counting.clips;
            return px;
        });
    }

    static int maxDelta(int[] a, int[] b) {
        int max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int sh = 0; sh <= 16; sh += 8) {
                max = Math.max(max, Math.abs(((a[i] >> sh) & 0xff) - ((b[i] >> sh) & 0xff)));
            }
        }
        return max;
    }

    static void hatchedBoxes(DrawContext g) {
        for (int i = 0; i < 3; i++) {
            double x = 20 + i * 120.5;
            g.save();
            g.clip(x, 40, 100, 60);
            for (double d = -60; d < 100; d += 7) {
                g.line(x + d, 100, x + d + 60, 40, "#cf222e", 1.5);
            }
            g.restore();
            g.strokeRect(x, 40, 100, 60, "#cf222e", 1);
        }
        g.save();
        g.clip(30, 150, 200, 100);
        g.strokeRect(10, 170, 260, 40, "#0969da80", 6);
        g.fillPolygon(new double[] {0, 300, 150}, new double[] {140, 160, 280}, "#2da44e80");
        g.fillRect(200, 120, 100, 100, "#00000040");
        g.mono("inside", 60, 200, "#000000", 14, Align.LEFT);
        g.restore();
    }

    @Test
    void linesRectanglesAndPolygonsAreCutWithoutACanvasClip() throws Exception {
        int[] realClips = new int[1];
        int[] emulatedClips = new int[1];
        int[] real = draw(false, ExportClipTest::hatchedBoxes, realClips);
        int[] emulated = draw(true, ExportClipTest::hatchedBoxes, emulatedClips);
        assertEquals(4, realClips[0]);
        assertEquals(0, emulatedClips[0], "no canvas clip needed");
        int delta = maxDelta(real, emulated);
        // Edges cut by a clip mask and the same edges filled as polygons anti-alias a little differently.
        assertTrue(delta <= 64, "max channel difference " + delta);
        int off = 0;
        for (int i = 0; i < real.length; i++) {
            if (Math.abs((real[i] & 0xff) - (emulated[i] & 0xff)) > 8) {
                off++;
            }
        }
        assertTrue(off < real.length / 100, off + " pixels differ noticeably");
    }

    @Test
    void textAcrossTheClipEdgeUsesTheRealClipAndTextOutsideIsSkipped() throws Exception {
        Consumer<DrawContext> picture = g -> {
            g.save();
            g.clip(50, 50, 100, 100);
            g.text("far outside", 300, 280, "#000000", 14, false, Align.LEFT);
            g.text("a long text crossing the edge", 60, 100, "#000000", 14, false, Align.LEFT);
            g.restore();
        };
        int[] clips = new int[1];
        int[] real = draw(false, picture, new int[1]);
        int[] emulated = draw(true, picture, clips);
        assertEquals(1, clips[0]);
        assertEquals(0, maxDelta(real, emulated), "identical once the real clip is used");
    }
}
