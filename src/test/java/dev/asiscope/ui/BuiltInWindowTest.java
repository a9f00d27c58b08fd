package dev.asiscope.ui;

import dev.asiscope.ui.draw.NoPaintDrawContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window on the built-in scenario, presented in place (not full screen) in the test stage, reset before
 * each test to the light theme, 100%, the scenario's start, free navigation: what the causal-chain, emphasis
 * and slide-export tests share.
 */
abstract class BuiltInWindowTest {
    static MainWindow window;
    static Stage stage;
    final FxRobot robot = new FxRobot();

    @BeforeAll
    static void startWindow() throws Exception {
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(s -> {
            stage = s;
            window = WindowFixture.showBuiltInPresentable(s, 1600, 1000);
        });
    }

    @AfterAll
    static void closeWindow() throws Exception {
        FxToolkit.cleanupStages();
    }

    @BeforeEach
    void reset() {
        robot.interact(() -> WindowFixture.resetBuiltIn(window, stepping()));
    }

    /** How each test starts stepping: freely here; a test of the lecture flow steps as the scenario asks. */
    WindowFixture.Stepping stepping() {
        return WindowFixture.Stepping.FREE;
    }

    /** The stage at {@code w x h}, laid out and painted. */
    void size(double w, double h) {
        robot.interact(() -> {
            stage.setWidth(w);
            stage.setHeight(h);
        });
        settle();
    }

    /** Lets the views paint and the layers drawn after them (the causal chain) redraw. */
    void settle() {
        for (int i = 0; i < 3; i++) {
            WaitForAsyncUtils.waitForFxEvents();
            robot.sleep(60);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** {@code c}'s result, computed on the FX thread. */
    <T> T fx(Callable<T> c) {
        return WindowFixture.fx(robot, c);
    }

    /** The pane of view {@code id} that is on screen. */
    ViewPane pane(String id) {
        return window.viewPanes().stream().filter(p -> p.view().id().equals(id) && p.getScene() != null).findFirst()
                .orElseThrow();
    }

    /** Records the rectangles a paint strokes in one colour at least {@code minWidth} wide: {x, y, w, h, width}. */
    static final class Strokes extends NoPaintDrawContext {
        final List<double[]> rects = new ArrayList<>();
        private final String color;
        private final double minWidth;

        Strokes(String color, double minWidth) {
            super(null);
            this.color = color;
            this.minWidth = minWidth;
        }

        @Override
        public void strokeRect(double x, double y, double w, double h, String c, double lineWidth) {
            if (c.equalsIgnoreCase(color) && lineWidth >= minWidth) {
                rects.add(new double[] {x, y, w, h, lineWidth});
            }
        }
    }
}
