package dev.asiscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.ui.core.MachineView;
import dev.asiscope.ui.core.Theme;
import dev.asiscope.ui.export.StandardViews;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.canvas.Canvas;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A view's canvas is repainted only where its picture changed ({@link DisplayList}); this must never leave
 * a stale pixel. After steps, event steps, seeks both ways, a selection, a zoom and a theme change, each
 * repainted on the pulse as the window does, every canvas holds exactly the pixels of a fresh view drawn
 * whole at that cursor.
 */
@ExtendWith(ApplicationExtension.class)
class IncrementalRepaintTest {
    MainWindow window;

    @Start
    void start(Stage stage) {
        window = WindowFixture.show(stage, BuiltInScenarios.defaultScenario(), StandardViews.all(), 1600, 1000);
        window.transport().guidedProperty().set(false);
    }

    @AfterEach
    void close(FxRobot robot) {
        robot.interact(window::dispose);
    }

    @Test
    void everyCanvasEqualsAFreshViewAfterStepsAndSeeks(FxRobot robot) {
        settle(robot);
        long[] before = counts();
        List<Runnable> moves = new ArrayList<>();
        Transport t = window.transport();
        for (int i = 0; i < 6; i++) {
            moves.add(t::stepForward);
        }
        for (int i = 0; i < 6; i++) {
            moves.add(t::nextEvent);
        }
        moves.add(t::end);
        moves.add(t::previousEvent);
        moves.add(t::home);
        moves.add(() -> t.goTo(window.session().simulation().endCycle() / 2));
        moves.add(t::stepBack);
        moves.add(t::previousEvent);
        moves.add(() -> window.session().selectionProperty().set(1));
        moves.add(() -> t.goTo(window.session().simulation().end().leaks().get(0).reloadCycle()));
        moves.add(t::nextEvent);
        for (Runnable m : moves) {
            robot.interact(m);
            settle(robot);
            assertCanvasesFresh(robot);
        }
        long[] after = counts();
        assertTrue(after[0] > before[0], "some repaints changed nothing on a canvas");
        assertTrue(after[1] > before[1], "some repaints redrew part of a canvas");

        robot.interact(() -> window.appearance().setZoom(1.3));
        settle(robot);
        robot.interact(t::stepForward);
        settle(robot);
        robot.interact(t::nextEvent);
        settle(robot);
        assertCanvasesFresh(robot);
        robot.interact(() -> window.appearance().setTheme("projector"));
        settle(robot);
        robot.interact(t::nextEvent);
        settle(robot);
        assertCanvasesFresh(robot);
    }

    /** {unchanged, partial} repaints of all the window's views so far. */
    private long[] counts() {
        long[] c = new long[2];
        for (ViewPane p : window.viewPanes()) {
            c[0] += p.unchangedRepaints();
            c[1] += p.partialRepaints();
        }
        return c;
    }

    private static void settle(FxRobot robot) {
        for (int i = 0; i < 3; i++) {
            WaitForAsyncUtils.waitForFxEvents();
            robot.sleep(30);
        }
    }

    /** Each pane's canvas, pixel for pixel, against a fresh view of the same kind painted on a fresh canvas. */
    private void assertCanvasesFresh(FxRobot robot) {
        for (ViewPane p : window.viewPanes()) {
            AtomicReference<int[][]> pixels = new AtomicReference<>();
            robot.interact(() -> {
                assertTrue(!p.isDirty(), p.view().id() + " has a repaint pending");
                Canvas mine = p.canvas();
                MachineView freshView = StandardViews.byId(p.view().id()).orElseThrow();
                Theme theme = window.appearance().theme();
                double zoom = window.appearance().zoom();
                ViewPane fresh = new ViewPane(freshView, window.session(), () -> theme, () -> zoom);
                fresh.canvas().setWidth(mine.getWidth());
                fresh.canvas().setHeight(mine.getHeight());
                fresh.paint();
                pixels.set(new int[][] {argb(mine), argb(fresh.canvas())});
            });
            int[] a = pixels.get()[0];
            int[] b = pixels.get()[1];
            assertEquals(b.length, a.length, p.view().id());
            int differing = 0;
            int first = -1;
            for (int i = 0; i < a.length; i++) {
                if (a[i] != b[i]) {
                    differing++;
                    first = first < 0 ? i : first;
                }
            }
            int width = (int) p.canvas().getWidth();
            assertEquals(0, differing, p.view().id() + " at cycle " + window.session().cycle() + ": " + differing
                    + " pixels differ from a fresh view, the first at x " + (first < 0 ? -1 : first % width) + " y "
                    + (first < 0 ? -1 : first / width));
        }
    }

    private static int[] argb(Canvas c) {
        WritableImage img = c.snapshot(null, null);
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        int[] out = new int[w * h];
        img.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), out, 0, w);
        return out;
    }
}
