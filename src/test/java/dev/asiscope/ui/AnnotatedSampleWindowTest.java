package dev.asiscope.ui;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.ui.annotate.Annotation;
import dev.asiscope.ui.export.StandardViews;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * The main window with the catalog's views on a copy of the L1TF guest sample in a temporary folder (so the
 * workspace autosaved beside it stays there), opened before each test and disposed after it: what the
 * annotation tests share.
 */
@ExtendWith(ApplicationExtension.class)
abstract class AnnotatedSampleWindowTest {
    static final Path SAMPLE = Path.of("sample-traces/l1tf-guest-unmitigated.json");
    /** The L1TF transient load: the secret's line is in the L1D. */
    static final long CYCLE = 59_145;

    @TempDir
    Path dir;

    /** The copy of the sample the window has open. */
    Path scenario;
    MainWindow window;
    Stage stage;
    FxRobot robot;

    /** The window on TestFX's primary stage (a {@code @Start} method is found only in the test class itself). */
    @BeforeEach
    void openSample(FxRobot r) throws Exception {
        robot = r;
        FxToolkit.setupStage(s -> {
            stage = s;
            window = WindowFixture.show(s, null, StandardViews.all());
        });
        scenario = WindowFixture.openCopy(robot, window, SAMPLE, dir, "talk.json");
    }

    @AfterEach
    void disposeWindow() {
        robot.interact(window::dispose);
    }

    /** The annotations a fresh window finds when it opens the scenario (read back from its workspace). */
    List<Annotation> annotationsInAFreshWindow() {
        AtomicReference<MainWindow> other = new AtomicReference<>();
        robot.interact(() -> {
            MainWindow w = new MainWindow(null, StandardViews.all());
            assertTrue(w.openFile(scenario));
            other.set(w);
        });
        Runs.await(other.get());
        List<Annotation> found = List.copyOf(other.get().history().annotations());
        robot.interact(other.get()::dispose);
        return found;
    }

    /** The pane of view {@code id}. */
    ViewPane pane(String id) {
        return window.viewPanes().stream().filter(p -> p.view().id().equals(id)).findFirst().orElseThrow();
    }
}
