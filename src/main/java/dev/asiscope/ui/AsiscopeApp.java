package dev.asiscope.ui;

import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.sim.engine.Simulation;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;

/** The JavaFX application: one main window on a scenario (the built-in narrated default when none is given). */
public final class AsiscopeApp extends Application {
    private static volatile Path initialScenario;
    private static volatile LoadedScenario defaultScenario;
    private static volatile CompletableFuture<Simulation> defaultRun;
    /** The command-line scenario, read and simulated while the toolkit starts. */
    private static volatile CompletableFuture<Prepared> initialRun;
    private record Prepared(LoadedScenario scenario, Simulation run) {
    }
    private MainWindow window;

    /** Launches the application (blocks until the window closes). */
    public static void launchWith(Path scenario) {
        LaunchTiming.markMain();
        initialScenario = scenario;
        if (scenario != null) {
            // Read and simulate the file on the second core while the toolkit starts; its errors are
            // reported by the window, which reads the file again to locate them.
            initialRun = CompletableFuture.supplyAsync(() -> {
                try {
                    LoadedScenario s = ScenarioFiles.load(scenario);
                    return new Prepared(s, ScenarioRuns.headStart(Simulation.run(s.spec(), s.policy())));
                } catch (dev.asiscope.scenario.ScenarioException e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
        } else {
            // Simulate the default scenario on the second core while the toolkit starts.
            defaultRun = CompletableFuture.supplyAsync(() -> {
                LoadedScenario s = ScenarioFiles.defaultScenario();
                defaultScenario = s;
                return ScenarioRuns.headStart(Simulation.run(s.spec(), s.policy()));
            });
        }
        Application.launch(AsiscopeApp.class);
    }

    @Override
    public void start(Stage stage) {
        LaunchTiming.mark("toolkit up");
        Simulation run = null;
        LoadedScenario scenario = null;
        if (initialScenario == null && defaultRun != null) {
            run = defaultRun.join();
            scenario = defaultScenario;
        } else if (initialScenario == null) {
            scenario = ScenarioFiles.defaultScenario();
        }
        // A scenario named on the command line is read and simulated after the window is up (with a
        // progress bar and Cancel), so a large one does not hold back the first frame.
        window = new MainWindow(scenario, run, dev.asiscope.ui.export.StandardViews.all());
        LaunchTiming.mark("window built");
        LaunchTiming.expectViews(scenario == null ? -1 : window.viewPanes().size());
        window.setRecentFiles(RecentFiles.inConfigDir());
        // The work area when the desktop reports one, never more than the screen (a bare X server reports
        // no work area, and some toolkits then give a default larger than the screen).
        Rectangle2D visual = Screen.getPrimary().getVisualBounds();
        Rectangle2D whole = Screen.getPrimary().getBounds();
        double sw = Math.min(visual.getWidth(), whole.getWidth());
        double sh = Math.min(visual.getHeight(), whole.getHeight());
        if (Boolean.getBoolean("asiscope.timing")) {
            System.err.printf("asiscope: screen %.0fx%.0f, work area %.0fx%.0f%n", whole.getWidth(), whole.getHeight(),
                    visual.getWidth(), visual.getHeight());
        }
        Scene scene = new Scene(window.root(), Math.min(1600, sw), Math.min(1000, sh));
        stage.titleProperty().bind(window.titleProperty());
        stage.setScene(scene);
        stage.getIcons().setAll(appIcons());
        Runnable[] once = new Runnable[1];
        once[0] = () -> {
            scene.removePostLayoutPulseListener(once[0]);
            // The frame laid out in this pulse is rendered right after it.
            Platform.runLater(LaunchTiming::firstFrame);
            if (Boolean.getBoolean("asiscope.exitAfterFirstFrame")) {
                // A training run for a class-data-sharing archive (scripts/package-linux.sh, timing.sh):
                // the classes of a launch are loaded by then; the JVM writes the archive as it exits.
                javafx.animation.PauseTransition quit = new javafx.animation.PauseTransition(
                        javafx.util.Duration.seconds(2));
                quit.setOnFinished(e -> Platform.exit());
                quit.play();
            }
        };
        stage.setOnShown(e -> scene.addPostLayoutPulseListener(once[0]));
        stage.show();
        LaunchTiming.mark("shown");
        window.root().requestFocus();
        if (initialScenario != null) {
            Path file = initialScenario;
            window.transport().messageProperty().set("simulating " + file.getFileName() + "\u2026");
            // Shown when ready, after the first frame; a bad file gives the window's one-line error dialog.
            initialRun.whenComplete((prepared, error) -> Platform.runLater(() -> {
                if (prepared != null) {
                    window.openPrepared(prepared.scenario(), prepared.run(), file, LaunchTiming.mainNanos());
                } else if (!window.openFile(file)) {
                    window.open(ScenarioFiles.defaultScenario());
                }
            }));
        }
    }

    /** The app icon (assets/asiscope.png, in the jar) for the window and the taskbar, or none if missing. */
    static java.util.List<javafx.scene.image.Image> appIcons() {
        try (java.io.InputStream in = AsiscopeApp.class.getResourceAsStream("/dev/asiscope/assets/asiscope.png")) {
            return in == null ? java.util.List.of() : java.util.List.of(new javafx.scene.image.Image(in));
        } catch (java.io.IOException e) {
            return java.util.List.of();
        }
    }

    @Override
    public void stop() {
        if (window != null) {
            window.dispose();
        }
    }
}
