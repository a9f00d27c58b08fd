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

/** Puts a main window on a test stage the way the window tests all do. */
final class WindowFixture {
    private WindowFixture() {
    }

    /** A window for {@code scenario} (or none) with {@code views}, shown on {@code stage} at 1280x800. */
    static MainWindow show(Stage stage, LoadedScenario scenario, List<MachineView> views) {
        MainWindow window = new MainWindow(scenario, views);
        stage.setScene(new Scene(window.root(), 1280, 800));
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
}
