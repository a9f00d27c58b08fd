package dev.asiscope.ui;

import dev.asiscope.ui.core.MachineView;
import dev.asiscope.scenario.LoadedScenario;
import java.util.List;
import javafx.scene.Scene;
import javafx.stage.Stage;

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
}
