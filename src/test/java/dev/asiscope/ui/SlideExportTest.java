package dev.asiscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.sim.cache.CacheLine;
import dev.asiscope.sim.engine.Leak;
import dev.asiscope.ui.annotate.AnnotationJob;
import dev.asiscope.ui.annotate.AnnotationLayout;
import dev.asiscope.ui.annotate.Attachment;
import dev.asiscope.ui.annotate.Callout;
import dev.asiscope.ui.annotate.Point;
import dev.asiscope.ui.annotate.Rect;
import dev.asiscope.ui.annotate.StepMarker;
import dev.asiscope.ui.annotate.Style;
import dev.asiscope.ui.annotate.TextNote;
import dev.asiscope.ui.draw.DrawContext;
import dev.asiscope.ui.export.ExportRequest;
import dev.asiscope.ui.export.ViewExporter;
import java.awt.image.BufferedImage;
import java.util.List;
import javafx.scene.canvas.Canvas;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Pictures for slides: whatever is selected in the window, the window's export (and with it {@code asiscope
 * export}, which paints through the same code) draws no selection frame; an annotation placed at a view's
 * edge is moved inside the view rather than cut off, in the export and in the window.
 */
class SlideExportTest extends BuiltInWindowTest {
    @Test
    void theSelectionFrameIsNeverExported() {
        Leak leak = window.session().simulation().end().leaks().get(0);
        robot.interact(() -> {
            window.transport().goTo(leak.transientCycle());
            window.session().selectionProperty().set(leak);
        });
        WaitForAsyncUtils.waitForFxEvents();
        String accent = window.appearance().theme().accent();
        // On screen the selected leak's parts are framed (the check below can fail)...
        int onScreen = fx(() -> {
            int n = 0;
            for (ViewPane p : window.viewPanes()) {
                Strokes s = new Strokes(accent, 2.5);
                double[] size = p.canvasSize();
                p.view().paint(s, size[0], size[1], window.session(), window.appearance().theme());
                n += s.rects.size();
            }
            return n;
        });
        assertTrue(onScreen >= 3, "the window frames the leak's region, line and PTE: " + onScreen);
        // ... the window's exports (the focused view and the whole window) draw none of those frames.
        for (boolean wholeWindow : new boolean[] {true, false}) {
            ExportRequest r = fx(() -> window.exportRequest(wholeWindow, false));
            Strokes exported = new Strokes(accent, 2.5);
            robot.interact(() -> ViewExporter.paint(exported, r));
            assertEquals(List.of(), exported.rects.stream().map(java.util.Arrays::toString).toList(),
                    "no selection frame in the " + (wholeWindow ? "window" : "view") + " export");
        }

        // A selected cache line: the exported pixels are those of no selection at all.
        CacheLine line = fx(() -> window.session().machine().caches().l1d(0).lines().stream()
                .filter(l -> !l.provenance().label().equals(leak.victimLabel())).findFirst().orElseThrow());
        robot.interact(() -> window.session().selectionProperty().set(line));
        BufferedImage selected = fx(() -> ViewExporter.render(window.exportRequest(true, false), 1));
        robot.interact(() -> window.session().selectionProperty().set(null));
        BufferedImage none = fx(() -> ViewExporter.render(window.exportRequest(true, false), 1));
        assertEquals(0, differing(selected, none), "a selected line changes nothing in the export");
        String svg = fx(() -> {
            window.session().selectionProperty().set(line);
            return ViewExporter.svg(window.exportRequest(true, false));
        });
        robot.interact(() -> window.session().selectionProperty().set(null));
        String svgNone = fx(() -> ViewExporter.svg(window.exportRequest(true, false)));
        assertEquals(svgNone.replaceAll("<metadata>[\\s\\S]*</metadata>", ""),
                svg.replaceAll("<metadata>[\\s\\S]*</metadata>", ""), "nor in the SVG");
    }

    private static int differing(BufferedImage a, BufferedImage b) {
        int n = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                n += (a.getRGB(x, y) & 0xffffff) != (b.getRGB(x, y) & 0xffffff) ? 1 : 0;
            }
        }
        return n;
    }

    @Test
    void anAnnotationAtTheViewsEdgeIsMovedInsideNotClipped() {
        long cycle = fx(() -> window.session().cycle());
        Style style = new Style("#ff00ff", 3, 18);
        String text = "the secret's line, still in the L1D";
        robot.interact(() -> {
            // A box around the whole view (under the others): its outline on the view's edges.
            window.history().execute(new AnnotationJob.Add(new dev.asiscope.ui.annotate.RectHighlight(
                    window.history().newId(), Attachment.at("caches", cycle), null, new Style("#00ffff", 4, 16), 0, 0,
                    1, 1)));
            window.history().execute(new AnnotationJob.Add(new Callout(window.history().newId(),
                    Attachment.at("caches", cycle), null, style, text, 0.96, 0.97, 0.5, 0.5)));
            window.history().execute(new AnnotationJob.Add(new TextNote(window.history().newId(),
                    Attachment.at("caches", cycle), null, style, "a note at the top right", 0.99, 0.0)));
            window.history().execute(new AnnotationJob.Add(new StepMarker(window.history().newId(),
                    Attachment.at("caches", cycle), null, style, 7, 0.0, 1.0)));
        });
        WaitForAsyncUtils.waitForFxEvents();
        ViewPane caches = window.viewPanes().stream().filter(p -> p.view().id().equals("caches")).findFirst()
                .orElseThrow();
        robot.interact(() -> window.setFocusedPane(caches));
        ExportRequest r = fx(() -> window.exportRequest(false, false));
        double w = r.width();
        double h = r.height();
        // The boxes as laid out for the view lie inside it...
        DrawContext measure = fx(() -> new dev.asiscope.ui.draw.FxDrawContext(new Canvas().getGraphicsContext2D()));
        for (var a : r.annotations()) {
            Rect frame = new Rect(0, 0, w, h);
            Rect b = fx(() -> AnnotationLayout.bounds(a, frame, measure, w, h));
            Rect unclamped = fx(() -> AnnotationLayout.bounds(a, frame, measure));
            assertTrue(unclamped.maxX() > w || unclamped.maxY() > h || unclamped.x() < 0 || unclamped.y() < 0,
                    "placed across the edge: " + unclamped);
            if (!(a instanceof Callout)) {
                assertTrue(b.x() >= -0.01 && b.y() >= -0.01 && b.maxX() <= w + 0.01 && b.maxY() <= h + 0.01,
                        a.getClass().getSimpleName() + " inside the " + w + "x" + h + " view: " + b);
            }
        }
        // ... and the exported picture shows each whole: its magenta border's right and bottom edges are
        // inside the picture, as full lines, not cut by the view's edge.
        BufferedImage png = fx(() -> ViewExporter.render(r, 1));
        Callout c = (Callout) r.annotations().stream().filter(a -> a instanceof Callout).findFirst().orElseThrow();
        Rect box = fx(() -> AnnotationLayout.textBoxIn(c.text(), c, AnnotationLayout.toPixels(
                new Point(c.x(), c.y()), new Rect(0, 0, w, h)), measure, w, h));
        assertTrue(box.maxX() <= w + 0.01 && box.maxY() <= h + 0.01, "callout box inside: " + box);
        int right = (int) Math.floor(box.maxX()) - 1;
        int run = 0;
        for (int y = (int) box.y() + 2; y < (int) box.maxY() - 2; y++) {
            run += magenta(png.getRGB(right, y)) || magenta(png.getRGB(right - 1, y)) ? 1 : 0;
        }
        assertTrue(run >= (box.h() - 4) * 0.9, "the callout's right border is drawn whole: " + run + " of "
                + (box.h() - 4));
        // The box around the view keeps its whole outline: each side is drawn inside the picture.
        int iw = png.getWidth();
        int ih = png.getHeight();
        int[][] sides = {{1, ih / 2}, {iw / 4, 1}, {iw - 2, ih / 4}, {iw / 4, ih - 2}};
        for (int[] s : sides) {
            assertTrue(cyan(png.getRGB(s[0], s[1])), "the box's outline at " + s[0] + "," + s[1] + " of " + iw + "x" + ih);
        }
        // The window's annotation layer (zoomed) draws the callout inside the view too: its right border is
        // a whole line in the layer's picture.
        robot.interact(() -> window.appearance().setZoom(1.25));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> window.overlay(caches).repaint());
        double z = 1.25;
        double vw = fx(() -> window.overlay(caches).getWidth()) / z;
        double vh = fx(() -> window.overlay(caches).getHeight()) / z;
        Rect onScreen = fx(() -> AnnotationLayout.textBoxIn(c.text(), c, AnnotationLayout.toPixels(
                new Point(c.x(), c.y()), new Rect(0, 0, vw, vh)), measure, vw, vh));
        BufferedImage layer = fx(() -> javafx.embed.swing.SwingFXUtils.fromFXImage(
                window.overlay(caches).snapshot(null, null), null));
        int sx = (int) Math.floor(onScreen.maxX() * z) - 1;
        int screenRun = 0;
        for (int y = (int) (onScreen.y() * z) + 3; y < (int) (onScreen.maxY() * z) - 3; y++) {
            screenRun += magenta(layer.getRGB(sx, y)) || magenta(layer.getRGB(sx - 1, y)) ? 1 : 0;
        }
        assertTrue(onScreen.maxX() <= vw + 0.01 && onScreen.maxY() <= vh + 0.01, "inside the view on screen: " + onScreen);
        assertTrue(screenRun >= (onScreen.h() * z - 6) * 0.9, "on screen the right border is whole: " + screenRun);
        assertFalse(r.annotations().isEmpty());
    }

    private static boolean cyan(int rgb) {
        return ((rgb >> 16) & 0xff) < 90 && ((rgb >> 8) & 0xff) > 190 && (rgb & 0xff) > 190;
    }

    private static boolean magenta(int rgb) {
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        return r > 200 && b > 200 && g < 80;
    }
}
