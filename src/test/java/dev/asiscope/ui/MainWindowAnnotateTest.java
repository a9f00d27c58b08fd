package dev.asiscope.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.cli.CliRunner;
import dev.asiscope.ui.annotate.Annotation;
import dev.asiscope.ui.annotate.editor.AnnotationOverlay;
import dev.asiscope.ui.export.ExportRequest;
import dev.asiscope.ui.export.StandardViews;
import dev.asiscope.ui.workspace.WorkspaceFile;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javafx.geometry.Point2D;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Annotating and exporting from the main window: the Annotate toggle mounts the editor over the views,
 * undo and redo go through the shared history, the workspace beside the scenario brings annotations back,
 * and the window's export gives the pixels and SVG of {@code asiscope export}.
 */
class MainWindowAnnotateTest extends AnnotatedSampleWindowTest {
    @BeforeEach
    void focusTheCaches() {
        robot.interact(() -> {
            window.setFocusedPane(pane("caches"));
            window.root().requestFocus();
        });
    }

    AnnotationOverlay overlay() {
        return window.overlay(pane("caches"));
    }

    Point2D at(double x, double y) {
        return overlay().localToScreen(x, y);
    }

    void drawRect(FxRobot robot) {
        robot.clickOn("#tool-rect");
        robot.moveTo(at(30, 30)).press(MouseButton.PRIMARY).moveTo(at(90, 60)).moveTo(at(160, 110))
                .release(MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
    }

    void ctrl(FxRobot robot, KeyCode k) {
        robot.press(KeyCode.CONTROL).press(k).release(k).release(KeyCode.CONTROL);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void annotateToggleDrawUndoRedoAndTheWorkspaceBringsItBack(FxRobot robot) throws Exception {
        assertFalse(window.annotateToggle().isSelected());
        assertFalse(robot.lookup("#annotationToolbar").tryQuery().map(javafx.scene.Node::isVisible).orElse(false));
        robot.type(KeyCode.A);
        assertTrue(window.annotateToggle().isSelected(), "A switches annotation on");
        assertTrue(robot.lookup("#annotationToolbar").query().isVisible());
        assertTrue(overlay().editingProperty().get());

        drawRect(robot);
        assertEquals(1, window.history().annotations().size());
        Annotation drawn = window.history().annotations().get(0);
        assertEquals("caches", drawn.attachment().view());
        assertEquals(1, overlay().visibleAnnotations().size());

        ctrl(robot, KeyCode.Z);
        assertEquals(0, window.history().annotations().size(), "Ctrl+Z undoes");
        ctrl(robot, KeyCode.Y);
        assertEquals(List.of(drawn), window.history().annotations(), "Ctrl+Y redoes");

        robot.type(KeyCode.ESCAPE);
        robot.interact(() -> window.root().requestFocus());
        robot.type(KeyCode.A);
        assertFalse(window.annotateToggle().isSelected());
        assertTrue(overlay().isMouseTransparent(), "off: the mouse goes to the view");

        // Reopening the scenario writes what autosave has pending and reads the workspace back.
        robot.interact(() -> {
            assertTrue(window.openFile(scenario));
        });
        Runs.await(window);
        Path ws = WorkspaceFile.defaultPath(scenario);
        assertTrue(Files.isRegularFile(ws), "autosaved beside the scenario");
        assertEquals(List.of(drawn), window.history().annotations(), "the annotation comes back");
        assertEquals(1, overlay().visibleAnnotations().size());

        // A fresh window finds it too.
        assertEquals(List.of(drawn), annotationsInAFreshWindow());
    }

    @Test
    void breakpointsSetInTheWindowAreSavedInTheWorkspace(FxRobot robot) {
        AtomicReference<MainWindow> fresh = new AtomicReference<>();
        int[] n = {0};
        robot.interact(() -> {
            window.breakpoints().add(dev.asiscope.scenario.Breakpoint.on(dev.asiscope.sim.engine.EventKind.values()[0]));
            assertTrue(window.saveWorkspace());
            n[0] = window.breakpoints().entries().size();
            window.breakpoints().entries().get(n[0] - 1).enabledProperty().set(false);
            fresh.set(new MainWindow(null, StandardViews.all()));
            window.dispose(); // writes the pending autosave (the switched-off breakpoint)
            assertTrue(fresh.get().openFile(scenario));
        });
        Runs.await(fresh.get());
        robot.interact(() -> {
            assertEquals(n[0], fresh.get().breakpoints().entries().size());
            assertFalse(fresh.get().breakpoints().entries().get(n[0] - 1).enabledProperty().get());
            fresh.get().dispose();
        });
    }

    @Test
    void aBadWorkspaceGivesOneLineAndTheScenarioStillOpens(FxRobot robot) throws Exception {
        Files.writeString(WorkspaceFile.defaultPath(scenario), "{ \"format\": 1, \"annotations\": [ {\"kind\": 12");
        robot.interact(() -> {
            assertTrue(window.openFile(scenario));
        });
        Runs.await(window);
        String err = window.lastError();
        assertNotNull(err);
        assertFalse(err.contains("\n"), err);
        assertFalse(err.contains("Exception"), err);
        assertTrue(err.contains("talk.asiscope.json"), err);
        assertNotNull(window.session().simulation());
        assertTrue(window.titleProperty().get().contains("talk.json"));
        robot.interact(() -> {
            // close the error dialog
            robot.listWindows().stream().filter(w -> w != window.root().getScene().getWindow())
                    .forEach(w -> ((Stage) w).close());
        });
    }

    @Test
    void windowExportIsWhatTheCommandExports(FxRobot robot) throws Exception {
        robot.interact(() -> window.transport().goTo(CYCLE));
        robot.type(KeyCode.A);
        drawRect(robot);
        robot.type(KeyCode.A);
        assertEquals(1, window.history().annotations().size());
        assertEquals(CYCLE, window.session().cycle());

        Path png = dir.resolve("gui.png");
        Path svg = dir.resolve("gui.svg");
        AtomicReference<ExportRequest> req = new AtomicReference<>();
        robot.interact(() -> {
            req.set(window.exportRequest(false, true));
            assertTrue(window.export(MainWindow.Export.VIEW_PNG, png, 2, true));
            assertTrue(window.export(MainWindow.Export.VIEW_SVG, svg, 1, true));
            assertTrue(window.saveWorkspace());
        });
        int w = (int) req.get().width();
        int h = (int) req.get().composition().height();

        Path cliPng = dir.resolve("cli.png");
        Path cliSvg = dir.resolve("cli.svg");
        CliRunner r = CliRunner.run("export", scenario.toString(), "--cycle", Long.toString(CYCLE), "--view", "caches",
                "--png", cliPng.toString(), "--svg", cliSvg.toString(), "--scale", "2", "--width",
                Integer.toString(w), "--height", Integer.toString(h), "--footer");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.err());

        BufferedImage gui = ImageIO.read(png.toFile());
        BufferedImage cli = ImageIO.read(cliPng.toFile());
        assertEquals(cli.getWidth(), gui.getWidth());
        assertEquals(cli.getHeight(), gui.getHeight());
        assertArrayEquals(rgb(cli), rgb(gui), "pixel for pixel");
        assertEquals(Files.readString(cliSvg), Files.readString(svg), "SVG byte for byte");

        // The whole window: same request path, a grid of every view.
        Path win = dir.resolve("window.png");
        robot.interact(() -> assertTrue(window.export(MainWindow.Export.WINDOW_PNG, win, 1, false)));
        assertTrue(ImageIO.read(win.toFile()).getWidth() > 100);
    }

    static int[] rgb(BufferedImage img) {
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        out.getGraphics().drawImage(img, 0, 0, null);
        int[] px = ((DataBufferInt) out.getRaster().getDataBuffer()).getData();
        return px.clone();
    }
}
