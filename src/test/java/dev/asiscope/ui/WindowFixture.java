package dev.asiscope.ui;

import dev.asiscope.ui.core.MachineView;
import dev.asiscope.scenario.LoadedScenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;

/** Puts a main window on a test stage the way the window tests all do, and resets it between tests. */
final class WindowFixture {
    /** How a reset leaves the stepping: free (any step unit), or as the scenario opened asks (guided or not). */
    enum Stepping { FREE, AS_SCENARIO }

    private WindowFixture() {
    }

    /** A window for {@code scenario} (or none) with {@code views}, shown on {@code stage} at 1280x800. */
    static MainWindow show(Stage stage, LoadedScenario scenario, List<MachineView> views) {
        return show(stage, scenario, views, 1280, 800);
    }

    /**
     * A window for {@code scenario} (or none) with {@code views}, shown on {@code stage} at {@code width x height}
     * (the stage made that size, whatever size an earlier test left it at).
     */
    static MainWindow show(Stage stage, LoadedScenario scenario, List<MachineView> views, double width, double height) {
        MainWindow window = new MainWindow(scenario, views);
        stage.setScene(new Scene(window.root(), width, height));
        // The test classes share TestFX's primary stage, which keeps the size the last class left it at (a
        // stage once sized does not follow a new scene): size it to this scene, so a window starts at the
        // size asked whatever ran before it in the same JVM.
        stage.sizeToScene();
        stage.show();
        return window;
    }

    /**
     * Copies {@code sample} into {@code dir} as {@code name} (so the workspace autosaved beside it stays in the
     * test's folder), opens the copy in {@code window} and waits for its run; returns the copy.
     */
    static Path openCopy(FxRobot robot, MainWindow window, Path sample, Path dir, String name) throws IOException {
        Path copy = dir.resolve(name);
        Files.copy(sample, copy);
        robot.interact(() -> {
            if (!window.openFile(copy)) {
                throw new AssertionError("could not open " + copy);
            }
        });
        Runs.await(window);
        return copy;
    }

    /**
     * The built-in scenario with the catalog's views at {@code width x height}, presented in place: presentation
     * mode fills the test stage at its size instead of going full screen on Monocle's screen.
     */
    static MainWindow showBuiltInPresentable(Stage stage, double width, double height) {
        MainWindow window = show(stage, BuiltInScenarios.defaultScenario(), dev.asiscope.ui.export.StandardViews.all(),
                width, height);
        window.root().getProperties().put("presentInPlace", true); // read when presentation mode starts
        return window;
    }

    /** {@code c}'s result, computed on the FX thread. */
    static <T> T fx(FxRobot robot, Callable<T> c) {
        AtomicReference<T> out = new AtomicReference<>();
        robot.interact(() -> {
            try {
                out.set(c.call());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return out.get();
    }

    /**
     * Before each test (on the FX thread): out of presentation mode, light theme, 100 %, the built-in scenario
     * opened again from its start, stepping as asked, the keyboard on the window.
     */
    static void resetBuiltIn(MainWindow window, Stepping stepping) {
        window.presentation().leave();
        window.appearance().setTheme("light");
        window.appearance().setZoom(1);
        window.open(BuiltInScenarios.defaultScenario());
        if (stepping == Stepping.FREE) {
            window.transport().guidedProperty().set(false);
        }
        window.root().requestFocus();
    }
}
