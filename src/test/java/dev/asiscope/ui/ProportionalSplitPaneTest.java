package dev.asiscope.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The dividers stay at their shares through resizes there and back; a dragged divider sets new shares. */
@ExtendWith(ApplicationExtension.class)
class ProportionalSplitPaneTest {
    ProportionalSplitPane split;
    Stage stage;

    @Start
    void start(Stage s) {
        stage = s;
        split = new ProportionalSplitPane();
        split.setOrientation(Orientation.VERTICAL);
        split.getItems().addAll(new Pane(), new Pane(), new Pane());
        split.keep(0.36, 0.68);
        s.setScene(new Scene(split, 400, 621));
        s.sizeToScene();
        s.show();
    }

    private double[] heights(FxRobot robot) {
        double[] out = new double[3];
        robot.interact(() -> {
            for (int i = 0; i < 3; i++) {
                out[i] = ((Pane) split.getItems().get(i)).getHeight();
            }
        });
        return out;
    }

    @Test
    void resizedThereAndBackThePartsAreAsTheyWere(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        double[] before = heights(robot);
        for (double h : new double[] {610, 611, 598, 603, 613, 607, 621}) {
            robot.interact(() -> stage.setHeight(h));
            WaitForAsyncUtils.waitForFxEvents();
        }
        assertArrayEquals(before, heights(robot), 0.0);
        assertArrayEquals(new double[] {0.36, 0.68}, split.getDividerPositions(), 0.5 / 621);
    }

    @Test
    void aDraggedDividerIsTheNewSetting(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        Node divider = robot.lookup(".split-pane-divider").query();
        robot.moveTo(divider).press(MouseButton.PRIMARY).moveBy(0, 60).release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        double[] dragged = split.shares();
        assertNotEquals(0.36, dragged[0], 0.01, "the drag moved the first divider");
        robot.interact(() -> stage.setHeight(500));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> stage.setHeight(621));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(dragged[0], split.getDividerPositions()[0], 0.5 / 621, "kept where the user left it");
    }
}
