package dev.asiscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

@ExtendWith(ApplicationExtension.class)
class MainWindowTest {
    @Start
    void start(Stage stage) throws Exception {
        stage.setScene(new Scene(new MainWindow(AsiscopeApp.loadDefault()).root(), 1280, 800));
        stage.show();
    }

    @Test
    void showsTheDefaultScenarioAndWalksAddresses(FxRobot robot) {
        assertEquals("Paging basics", robot.lookup("#scenarioTitle").queryAs(Label.class).getText());
        Label result = robot.lookup("#walkResult").queryAs(Label.class);
        assertTrue(result.getText().contains("0x0000000000010000"), result.getText());
        TextField va = robot.lookup("#vaField").queryAs(TextField.class);
        robot.interact(() -> va.setText("0x403000"));
        robot.clickOn("#walkButton");
        assertTrue(result.getText().contains("not-present"), result.getText());
        assertTrue(result.getText().contains("0x0000000000012000"), result.getText());
    }
}
