package dev.asiscope.ui;

import dev.asiscope.scenario.Scenario;
import dev.asiscope.scenario.ScenarioException;
import dev.asiscope.scenario.ScenarioReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** The JavaFX application: one main window on a scenario (the built-in default when none is given). */
public final class AsiscopeApp extends Application {
    /** Resource path of the built-in default scenario. */
    public static final String DEFAULT_SCENARIO = "/dev/asiscope/samples/paging-basics.json";

    private static volatile Path initialScenario;

    /** Launches the application (blocks until the window closes). */
    public static void launchWith(Path scenario) {
        initialScenario = scenario;
        Application.launch(AsiscopeApp.class);
    }

    @Override
    public void start(Stage stage) throws Exception {
        Scenario scenario = initialScenario == null ? loadDefault() : new ScenarioReader().read(initialScenario);
        MainWindow window = new MainWindow(scenario);
        stage.setTitle("asiscope - " + scenario.name());
        stage.setScene(new Scene(window.root(), 1280, 800));
        stage.show();
    }

    /** The built-in default scenario, bundled in the jar. */
    public static Scenario loadDefault() throws ScenarioException {
        try (InputStream in = AsiscopeApp.class.getResourceAsStream(DEFAULT_SCENARIO)) {
            if (in == null) {
                throw new ScenarioException(DEFAULT_SCENARIO, 0, 0, null, "built-in scenario missing from the jar");
            }
            return new ScenarioReader().parse("built-in paging-basics.json",
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ScenarioException(DEFAULT_SCENARIO, 0, 0, null, e.getMessage());
        }
    }
}
