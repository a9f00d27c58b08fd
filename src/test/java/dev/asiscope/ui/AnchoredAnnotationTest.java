package dev.asiscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.sim.cache.CacheLine;
import dev.asiscope.sim.engine.Event;
import dev.asiscope.sim.kernel.PlacedRegion;
import dev.asiscope.ui.annotate.Anchor;
import dev.asiscope.ui.annotate.AnchorKind;
import dev.asiscope.ui.annotate.AnchorLocator;
import dev.asiscope.ui.annotate.Annotation;
import dev.asiscope.ui.annotate.AnnotationLayout;
import dev.asiscope.ui.annotate.Arrow;
import dev.asiscope.ui.annotate.Point;
import dev.asiscope.ui.annotate.Rect;
import dev.asiscope.ui.annotate.StepMarker;
import dev.asiscope.ui.annotate.TextNote;
import dev.asiscope.ui.views.PageMapping;
import dev.asiscope.ui.views.TimelineView;
import dev.asiscope.ui.workspace.WorkspaceFile;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import javafx.geometry.Point2D;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The editor anchors what is drawn on a model thing to that thing (an L1D line, a region's row, a moment of
 * a CPU's lane) so it follows the thing when the window is resized or zoomed and the timeline scrolled;
 * what is drawn on empty space stays where it was put; the workspace keeps the anchors.
 */
class AnchoredAnnotationTest extends AnnotatedSampleWindowTest {
    @BeforeEach
    void atTheTransientLoad() {
        robot.interact(() -> {
            stage.setWidth(1600);
            stage.setHeight(1000);
            window.transport().guidedProperty().set(false);
            window.transport().goTo(CYCLE);
            window.root().requestFocus();
        });
        settle();
        robot.type(KeyCode.A);
        assertTrue(window.annotateToggle().isSelected());
    }

    void settle() {
        for (int i = 0; i < 3; i++) {
            WaitForAsyncUtils.waitForFxEvents();
            robot.sleep(50);
        }
    }

    <T> T fx(Callable<T> c) {
        return WindowFixture.fx(robot, c);
    }

    /** The zoom of the window. */
    double zoom() {
        return fx(() -> window.appearance().zoom());
    }

    /** The view's own size in view pixels: {w, h}. */
    double[] viewSize(ViewPane p) {
        double z = zoom();
        double[] c = fx(p::canvasSize);
        return new double[] {c[0] / z, c[1] / z};
    }

    /** Where the view draws the anchor's thing now, in view pixels. */
    Optional<Rect> locate(ViewPane p, Anchor a) {
        double[] s = viewSize(p);
        return fx(() -> ((AnchorLocator) p.view()).locate(a, s[0], s[1], window.session()));
    }

    /** What the view shows at a point in view pixels. */
    Object hit(ViewPane p, Point v) {
        double z = zoom();
        return fx(() -> p.hitTest(v.x() * z, v.y() * z));
    }

    /** A view point on screen. */
    Point2D screen(ViewPane p, double vx, double vy) {
        double z = zoom();
        return fx(() -> window.overlay(p).localToScreen(vx * z, vy * z));
    }

    void drag(ViewPane p, String tool, double x1, double y1, double x2, double y2) {
        robot.interact(() -> window.setFocusedPane(p));
        robot.clickOn("#tool-" + tool);
        robot.moveTo(screen(p, x1, y1)).press(MouseButton.PRIMARY).moveTo(screen(p, (x1 + x2) / 2, (y1 + y2) / 2))
                .moveTo(screen(p, x2, y2)).release(MouseButton.PRIMARY);
        settle();
    }

    Annotation last() {
        List<Annotation> all = window.history().annotations();
        return all.get(all.size() - 1);
    }

    /** The annotation's control points in view pixels of its view now. */
    List<Point> pixels(ViewPane p, Annotation a) {
        double[] s = viewSize(p);
        return fx(() -> AnnotationLayout.pixelPoints(a,
                AnnotationLayout.frame(a, s[0], s[1], (AnchorLocator) p.view(), window.session())));
    }

    /** The secret's line in an L1D: its anchor (core and line). */
    Anchor secretLine(ViewPane caches) {
        long line = fx(() -> window.session().simulation().end().leaks().get(0).physicalAddress() & ~63L);
        for (int core = 0; core < 4; core++) {
            Anchor a = Anchor.cacheLine(core, line, new Rect(0, 0, 1, 1));
            if (locate(caches, a).isPresent()) {
                return a;
            }
        }
        throw new AssertionError("the secret's line is in no L1D at cycle " + CYCLE);
    }

    @Test
    void anArrowOntoAnL1dLineFollowsItThroughZoomAndResize() {
        ViewPane caches = pane("caches");
        Anchor secret = secretLine(caches);
        Rect box = locate(caches, secret).orElseThrow();
        drag(caches, "arrow", box.centerX() + 120, box.centerY() + 90, box.centerX(), box.centerY());
        Arrow arrow = assertInstanceOf(Arrow.class, last());
        assertNotNull(arrow.anchor(), "anchored to the line under its head");
        assertTrue(arrow.anchor().sameObject(secret), "the secret's line: " + arrow.anchor());

        for (double[] sizeAndZoom : new double[][] {{1280, 720, 1.3}, {1600, 1000, 1.0}, {1280, 720, 1.0}}) {
            robot.interact(() -> {
                stage.setWidth(sizeAndZoom[0]);
                stage.setHeight(sizeAndZoom[1]);
                window.appearance().setZoom(sizeAndZoom[2]);
            });
            settle();
            Rect now = locate(caches, secret).orElseThrow();
            Point head = pixels(caches, arrow).get(1);
            String at = sizeAndZoom[0] + "x" + sizeAndZoom[1] + " at " + sizeAndZoom[2];
            assertTrue(now.contains(head.x(), head.y()), at + ": the head " + head + " on the line " + now);
            Object under = hit(caches, head);
            assertTrue(under instanceof CacheLine l && l.physicalLine() == secret.address(),
                    at + ": the view shows the line under the head: " + under);
        }
    }

    @Test
    void aBoxOnARegionRowAndAMarkerOnALaneAreAnchoredAndTextOnEmptySpaceIsNot() throws Exception {
        ViewPane spaces = pane("address-spaces");
        PlacedRegion region = fx(() -> window.session().machine().layout().region("host-secret"));
        Anchor row = Anchor.region(region.physicalBase(), new Rect(0, 0, 1, 1));
        Rect r = locate(spaces, row).orElseThrow();
        drag(spaces, "rect", r.x() + 2, r.y() + 1, r.maxX() - 2, r.maxY() - 1);
        Annotation box = last();
        assertNotNull(box.anchor(), "a box drawn on the region's row");
        assertEquals(AnchorKind.REGION, box.anchor().kind());
        Object onRow = hit(spaces, new Point(locate(spaces, box.anchor()).orElseThrow().x() + 4,
                locate(spaces, box.anchor()).orElseThrow().centerY()));
        PlacedRegion hitRegion = onRow instanceof PlacedRegion p ? p : onRow instanceof PageMapping m ? m.region() : null;
        assertEquals(region, hitRegion);

        // A step marker on cpu0's lane, then the timeline zoomed around another cycle: the marker stays on its
        // cycle of that lane.
        ViewPane timeline = pane("timeline");
        TimelineView tv = (TimelineView) timeline.view();
        double[] ts = viewSize(timeline);
        double x = fx(() -> tv.xOf(CYCLE, ts[0]));
        Rect lane = locate(timeline, Anchor.event(0, CYCLE, new Rect(0, 0, 1, 1))).orElseThrow();
        robot.interact(() -> window.setFocusedPane(timeline));
        robot.clickOn("#tool-step");
        robot.moveTo(screen(timeline, x, lane.centerY())).clickOn(MouseButton.PRIMARY);
        settle();
        StepMarker step = assertInstanceOf(StepMarker.class, last());
        assertNotNull(step.anchor(), "a marker on a lane");
        assertEquals(AnchorKind.EVENT, step.anchor().kind());
        assertEquals(0, step.anchor().core(), "cpu0's lane");
        long anchoredCycle = step.anchor().address();
        assertTrue(Math.abs(anchoredCycle - CYCLE) < fx(() -> window.session().simulation().endCycle()) / 50,
                "near the cursor's cycle: " + anchoredCycle);
        robot.interact(() -> {
            tv.zoom(0.25, tv.xOf(CYCLE / 3, ts[0]), ts[0]);
            timeline.markDirty();
        });
        settle();
        Point at = pixels(timeline, step).get(0);
        Rect moment = locate(timeline, step.anchor()).orElseThrow();
        assertEquals(fx(() -> tv.xOf(anchoredCycle, ts[0])), moment.centerX(), 0.01, "the cycle's place now");
        assertTrue(moment.contains(at.x(), at.y()), "the marker moved with its cycle: " + at + " in " + moment);
        assertTrue(Math.abs(moment.centerX() - x) > 20, "the zoom moved the cycle: " + moment.centerX() + " vs " + x);
        Object under = hit(timeline, at);
        assertTrue(under instanceof Event e && e.cpu() == 0 || under instanceof TimelineView.LanePoint p && p.cpu() == 0,
                "still on cpu0's lane: " + under);

        // Text on the empty space under the caches' title: no thing there, so no anchor.
        ViewPane caches = pane("caches");
        robot.interact(() -> window.setFocusedPane(caches));
        robot.clickOn("#tool-text");
        robot.moveTo(screen(caches, viewSize(caches)[0] - 60, 8)).clickOn(MouseButton.PRIMARY);
        robot.write("note");
        robot.type(KeyCode.ENTER);
        settle();
        TextNote note = assertInstanceOf(TextNote.class, last());
        assertNull(note.anchor(), "empty space: unanchored");

        // The workspace keeps the anchors; a fresh window reads them back.
        List<Annotation> drawn = List.copyOf(window.history().annotations());
        robot.interact(() -> assertTrue(window.saveWorkspace()));
        assertTrue(Files.isRegularFile(WorkspaceFile.defaultPath(scenario)));
        String text = Files.readString(WorkspaceFile.defaultPath(scenario));
        assertTrue(text.contains("\"region\"") && text.contains("\"event\""), text);
        assertEquals(drawn, annotationsInAFreshWindow());
    }
}
