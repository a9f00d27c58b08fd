package dev.asiscope.ui.export;

import static dev.asiscope.ui.export.ExportFixtures.CYCLE;
import static dev.asiscope.ui.export.ExportFixtures.SCENARIO;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.cli.CliRunner;
import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.scenario.ScenarioLoader;
import dev.asiscope.ui.core.MachineView;
import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import dev.asiscope.ui.annotate.EditHistory;
import dev.asiscope.ui.annotate.editor.AnnotationOverlay;
import dev.asiscope.ui.annotate.editor.AnnotationToolbar;
import dev.asiscope.ui.draw.FxDrawContext;
import dev.asiscope.ui.workspace.WindowLayout;
import dev.asiscope.ui.workspace.Workspace;
import dev.asiscope.ui.workspace.WorkspaceFile;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The window's Export and {@code asiscope export} give the same pixels: a user annotates the real cache
 * view in the editor, the GUI exports from its live session, views and edit history, the workspace is
 * saved, and the headless command rebuilds everything from the files. Both under Monocle.
 */
@ExtendWith(ApplicationExtension.class)
class ExportParityTest {
    static final int W = 1000;
    static final int H = 640;
    static final Theme THEME = Theme.DARK;

    @TempDir
    Path dir;

    LoadedScenario scenario;
    SimSession session;
    EditHistory history;
    MachineView view;
    AnnotationOverlay overlay;
    StackPane stack;

    @Start
    void start(Stage stage) throws Exception {
        scenario = ScenarioLoader.load(SCENARIO);
        session = new SimSession();
        session.open(scenario, null);
        session.seek(CYCLE);
        history = new EditHistory();
        view = StandardViews.byId("caches").orElseThrow();
        Canvas canvas = new Canvas(W, H);
        view.paint(new FxDrawContext(canvas.getGraphicsContext2D()), W, H, session, THEME);
        overlay = new AnnotationOverlay(history, view, session);
        overlay.themeProperty().set(THEME);
        overlay.setPrefSize(W, H);
        AnnotationToolbar toolbar = new AnnotationToolbar();
        toolbar.targetProperty().set(overlay);
        stack = new StackPane(canvas, overlay);
        stack.setMaxSize(W, H);
        BorderPane root = new BorderPane(stack);
        root.setTop(toolbar);
        stage.setScene(new Scene(root, W, H + 120));
        stage.show();
    }

    Point2D at(double x, double y) {
        return overlay.localToScreen(x, y);
    }

    void annotateLikeAUser(FxRobot robot) {
        robot.clickOn("#tool-rect");
        robot.moveTo(at(20, 40)).press(MouseButton.PRIMARY).moveTo(at(200, 90)).moveTo(at(420, 150))
                .release(MouseButton.PRIMARY);
        robot.clickOn("#tool-callout");
        robot.moveTo(at(300, 100)).press(MouseButton.PRIMARY).moveTo(at(500, 200)).moveTo(at(640, 260))
                .release(MouseButton.PRIMARY);
        robot.write("secret line in L1D");
        robot.type(KeyCode.ENTER);
        robot.clickOn("#tool-step");
        robot.moveTo(at(40, 300)).clickOn(MouseButton.PRIMARY);
        robot.clickOn("#tool-arrow");
        robot.moveTo(at(800, 500)).press(MouseButton.PRIMARY).moveTo(at(700, 450)).moveTo(at(600, 400))
                .release(MouseButton.PRIMARY);
        robot.press(KeyCode.ESCAPE).release(KeyCode.ESCAPE);
        assertEquals(4, history.annotations().size());
    }

    @Test
    void guiExportAndHeadlessCommandGiveIdenticalPixelsAndSvg(FxRobot robot) throws Exception {
        annotateLikeAUser(robot);

        // The GUI path: live session, live view, the editor's history.
        AtomicReference<BufferedImage> gui = new AtomicReference<>();
        AtomicReference<String> guiSvg = new AtomicReference<>();
        robot.interact(() -> {
            ExportRequest r = ExportRequest.of(scenario, null, session, List.of(view), false, W, H, THEME,
                    history.annotations(), true);
            gui.set(ViewExporter.render(r, 2));
            guiSvg.set(ViewExporter.svg(r));
        });
        Path ws = dir.resolve("talk.asiscope.json");
        WorkspaceFile.save(ws, Workspace.empty(WorkspaceFile.scenarioReference(ws, SCENARIO), Provenance.sha256(SCENARIO))
                .withCycle(session.cycle()).withLayout(new WindowLayout(List.of("caches"), List.of(), "dark", 1.0))
                .withAnnotations(history.annotations()));

        // The command path: everything from the files.
        Path png = dir.resolve("out.png");
        Path svg = dir.resolve("out.svg");
        CliRunner r = CliRunner.run("export", SCENARIO.toString(), "--cycle", Long.toString(CYCLE), "--view", "caches",
                "--workspace", ws.toString(), "--png", png.toString(), "--svg", svg.toString(), "--scale", "2",
                "--width", Integer.toString(W), "--height", Integer.toString(H), "--footer");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.err());

        BufferedImage cli = ImageIO.read(png.toFile());
        assertEquals(gui.get().getWidth(), cli.getWidth());
        assertEquals(gui.get().getHeight(), cli.getHeight());
        assertArrayEquals(ExportFixtures.rgb(gui.get()), ExportFixtures.rgb(cli), "pixel for pixel");
        assertEquals(guiSvg.get(), Files.readString(svg), "SVG byte for byte");
        assertTrue(guiSvg.get().contains(">secret line in L1D</text>"));
    }

    /** What the editor shows on screen (view canvas + overlay) is what a scale-1 export without footer draws. */
    @Test
    void theScreenShowsWhatIsExported(FxRobot robot) throws Exception {
        annotateLikeAUser(robot);
        AtomicReference<int[]> screen = new AtomicReference<>();
        AtomicReference<int[]> export = new AtomicReference<>();
        robot.interact(() -> {
            overlay.select(null);
            WritableImage shot = stack.snapshot(null, null);
            int[] px = new int[W * H];
            shot.getPixelReader().getPixels(0, 0, W, H, PixelFormat.getIntArgbInstance(), px, 0, W);
            screen.set(px);
            BufferedImage img = ViewExporter.render(ExportRequest.of(scenario, null, session, List.of(view), false, W,
                    H, THEME, history.annotations(), false), 1);
            export.set(ExportFixtures.rgb(img));
        });
        int[] s = screen.get();
        int[] e = export.get();
        int off = 0;
        int maxDelta = 0;
        for (int i = 0; i < s.length; i++) {
            if ((s[i] | 0xff000000) != e[i]) {
                off++;
                for (int sh = 0; sh <= 16; sh += 8) {
                    maxDelta = Math.max(maxDelta, Math.abs(((s[i] >> sh) & 0xff) - ((e[i] >> sh) & 0xff)));
                }
            }
        }
        System.out.println("screen vs export: " + off + " pixels differ, max channel delta " + maxDelta);
        // Two canvases composited vs one: translucent fills over the view may round differently by a unit.
        assertTrue(maxDelta <= 2, "max channel difference " + maxDelta + " over " + off + " pixels");
    }
}
