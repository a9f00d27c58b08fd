package dev.asiscope.ui.annotate.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.scenario.ScenarioLoader;
import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import dev.asiscope.ui.annotate.AnchorKind;
import dev.asiscope.ui.annotate.Annotation;
import dev.asiscope.ui.annotate.AnnotationLayout;
import dev.asiscope.ui.annotate.Arrow;
import dev.asiscope.ui.annotate.Callout;
import dev.asiscope.ui.annotate.EditHistory;
import dev.asiscope.ui.annotate.EllipseHighlight;
import dev.asiscope.ui.annotate.Point;
import dev.asiscope.ui.annotate.Rect;
import dev.asiscope.ui.annotate.RectHighlight;
import dev.asiscope.ui.annotate.StepMarker;
import dev.asiscope.ui.annotate.TextNote;
import dev.asiscope.ui.draw.FxDrawContext;
import dev.asiscope.ui.export.ExportFixtures;
import dev.asiscope.ui.export.TestViews.CoreBoxes;
import java.util.List;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The overlay editor driven like a user: tools, drags, keys, typing, the toolbar. */
@ExtendWith(ApplicationExtension.class)
class AnnotationOverlayTest {
    static final double W = 800;
    static final double H = 500;

    EditHistory history;
    SimSession session;
    AnnotationOverlay overlay;
    AnnotationToolbar toolbar;
    final CoreBoxes view = new CoreBoxes();

    @Start
    void start(Stage stage) throws Exception {
        history = new EditHistory();
        session = new SimSession();
        session.open(ScenarioLoader.load(ExportFixtures.SCENARIO), null);
        session.seek(ExportFixtures.CYCLE);
        Canvas canvas = new Canvas(W, H);
        view.paint(new FxDrawContext(canvas.getGraphicsContext2D()), W, H, session, Theme.LIGHT);
        overlay = new AnnotationOverlay(history, view, session);
        overlay.setPrefSize(W, H);
        toolbar = new AnnotationToolbar();
        toolbar.targetProperty().set(overlay);
        StackPane stack = new StackPane(canvas, overlay);
        stack.setMaxSize(W, H);
        BorderPane root = new BorderPane(stack);
        root.setTop(toolbar);
        stage.setScene(new Scene(root, W, H + 120));
        stage.show();
    }

    Point2D at(double x, double y) {
        return overlay.localToScreen(x, y);
    }

    void drag(FxRobot robot, double x1, double y1, double x2, double y2) {
        robot.moveTo(at(x1, y1)).press(MouseButton.PRIMARY);
        robot.moveTo(at((x1 + x2) / 2, (y1 + y2) / 2)).moveTo(at(x2, y2)).release(MouseButton.PRIMARY);
    }

    void click(FxRobot robot, double x, double y) {
        robot.moveTo(at(x, y)).clickOn(MouseButton.PRIMARY);
    }

    Rect pixelBox(Annotation a) {
        Rect f = AnnotationLayout.frame(a, W, H, view, session);
        List<Point> p = AnnotationLayout.pixelPoints(a, f);
        return Rect.spanning(p.get(0).x(), p.get(0).y(), p.get(1).x(), p.get(1).y());
    }

    @Test
    void drawMoveDeleteUndoRedo(FxRobot robot) {
        robot.clickOn("#tool-rect");
        drag(robot, 100, 150, 300, 250);
        assertEquals(1, history.annotations().size());
        RectHighlight r = assertInstanceOf(RectHighlight.class, history.annotations().get(0));
        assertEquals(AnchorKind.CORE, r.anchor().kind(), "anchored to the core box under the press");
        assertEquals(0, r.anchor().core());
        assertEquals("test-cores", r.attachment().view());
        assertEquals(ExportFixtures.CYCLE, r.attachment().cycle());
        Rect box = pixelBox(r);
        assertEquals(100, box.x(), 1.01);
        assertEquals(150, box.y(), 1.01);
        assertEquals(200, box.w(), 1.01);
        assertEquals(100, box.h(), 1.01);

        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        assertTrue(history.annotations().isEmpty(), "Ctrl+Z");
        robot.press(KeyCode.CONTROL, KeyCode.Y).release(KeyCode.Y, KeyCode.CONTROL);
        assertEquals(1, history.annotations().size(), "Ctrl+Y");

        robot.clickOn("#tool-select");
        drag(robot, 200, 200, 250, 220);
        Rect moved = pixelBox(history.annotations().get(0));
        assertEquals(150, moved.x(), 1.01);
        assertEquals(170, moved.y(), 1.01);
        assertEquals(200, moved.w(), 1.01, "a move keeps the size");
        assertEquals("move rect highlight", history.undoDescription().orElseThrow());

        // Reshape: drag the bottom-right handle.
        drag(robot, 350, 270, 400, 300);
        Rect resized = pixelBox(history.annotations().get(0));
        assertEquals(250, resized.w(), 1.01);
        assertEquals(130, resized.h(), 1.01);
        assertEquals("resize rect highlight", history.undoDescription().orElseThrow());

        robot.type(KeyCode.DELETE);
        assertTrue(history.annotations().isEmpty(), "Delete");
        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        assertEquals(1, history.annotations().size());
        robot.clickOn("#annotationUndo");
        robot.clickOn("#annotationUndo");
        assertEquals(150 - 50, pixelBox(history.annotations().get(0)).x(), 1.01, "toolbar undo: move undone");
        robot.clickOn("#annotationRedo");
        assertEquals(150, pixelBox(history.annotations().get(0)).x(), 1.01);
    }

    @Test
    void everyToolMakesItsAnnotation(FxRobot robot) {
        robot.clickOn("#tool-arrow");
        drag(robot, 500, 400, 600, 300);
        assertInstanceOf(Arrow.class, last());
        robot.clickOn("#tool-ellipse");
        drag(robot, 420, 60, 520, 120);
        assertInstanceOf(EllipseHighlight.class, last());
        robot.clickOn("#tool-step");
        click(robot, 50, 450);
        click(robot, 90, 450);
        assertEquals(2, ((StepMarker) last()).number(), "steps count up");

        robot.clickOn("#tool-text");
        click(robot, 300, 20);
        TextField field = robot.lookup("#annotationTextInput").queryAs(TextField.class);
        assertTrue(field.isVisible());
        robot.write("hello");
        robot.type(KeyCode.ENTER);
        TextNote t = assertInstanceOf(TextNote.class, last());
        assertEquals("hello", t.text());
        assertFalse(field.isVisible());

        robot.clickOn("#tool-callout");
        drag(robot, 250, 300, 330, 200);
        robot.write("the secret\\nline");
        robot.type(KeyCode.ENTER);
        Callout c = assertInstanceOf(Callout.class, last());
        assertEquals("the secret\nline", c.text());
        Rect f = AnnotationLayout.frame(c, W, H, view, session);
        Point target = AnnotationLayout.toPixels(c.points().get(1), f);
        assertEquals(250, target.x(), 1.01);
        assertEquals(300, target.y(), 1.01);
        assertEquals(6, history.annotations().size());

        // Double-click a text to edit it.
        robot.clickOn("#tool-select");
        Point tp = AnnotationLayout.toPixels(t.points().get(0), AnnotationLayout.frame(t, W, H, view, session));
        robot.moveTo(at(tp.x() + 5, tp.y() + 8)).doubleClickOn(MouseButton.PRIMARY);
        assertTrue(field.isVisible());
        robot.write("world");
        robot.type(KeyCode.ENTER);
        assertEquals("world", ((TextNote) history.find(t.id()).orElseThrow()).text());
        assertEquals("edit text", history.undoDescription().orElseThrow());
    }

    @Test
    void restylePinAndCycleFiltering(FxRobot robot) {
        robot.clickOn("#tool-ellipse");
        drag(robot, 420, 60, 520, 120);
        String id = last().id();
        assertNotNull(overlay.selectionProperty().get(), "a new annotation is selected");
        @SuppressWarnings("unchecked")
        ChoiceBox<Double> stroke = robot.lookup("#annotationStroke").queryAs(ChoiceBox.class);
        robot.interact(() -> stroke.setValue(8.0));
        assertEquals(8.0, history.find(id).orElseThrow().style().strokeWidth());
        assertEquals("restyle ellipse highlight", history.undoDescription().orElseThrow());

        robot.interact(() -> session.seek(ExportFixtures.CYCLE + 1000));
        assertTrue(overlay.visibleAnnotations().isEmpty(), "attached to its cycle only");
        robot.interact(() -> session.seek(ExportFixtures.CYCLE));
        assertEquals(1, overlay.visibleAnnotations().size());
        robot.interact(() -> overlay.select(id));
        robot.clickOn("#annotationPin");
        assertTrue(history.find(id).orElseThrow().attachment().pinned());
        robot.interact(() -> session.seek(ExportFixtures.CYCLE + 1000));
        assertEquals(1, overlay.visibleAnnotations().size(), "pinned: every cycle");

        robot.interact(() -> overlay.editingProperty().set(false));
        assertTrue(overlay.isMouseTransparent(), "not editing: events go to the view");
    }

    private Annotation last() {
        List<Annotation> all = history.annotations();
        return all.get(all.size() - 1);
    }
}
