package dev.asiscope.ui.annotate.editor;

import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.scenario.ScenarioLoader;
import dev.asiscope.ui.core.MachineView;
import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import dev.asiscope.ui.annotate.EditHistory;
import dev.asiscope.ui.draw.FxDrawContext;
import dev.asiscope.ui.export.HeadlessFx;
import dev.asiscope.ui.export.StandardViews;
import dev.asiscope.ui.workspace.Workspace;
import dev.asiscope.ui.workspace.WorkspaceFile;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javax.imageio.ImageIO;

/**
 * Draws the editor (toolbar, cache view, annotation layer with a selection) for the user guide:
 * {@code docs/images/editor.png}. Run like ExportBench, with the path of the picture as argument.
 */
public final class EditorPicture {
    private EditorPicture() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "docs/images/editor.png");
        HeadlessFx.selectHeadlessPlatform();
        HeadlessFx.start();
        try {
            BufferedImage img = HeadlessFx.onFx(() -> {
                LoadedScenario s = ScenarioLoader.load(Path.of("sample-traces/l1tf-guest-unmitigated.json"));
                Workspace ws = WorkspaceFile.read(Path.of("docs/examples/l1tf.asiscope.json"));
                SimSession session = new SimSession();
                session.open(s, null);
                session.seek(ws.cycle());
                EditHistory history = new EditHistory();
                history.reset(ws.annotations());
                MachineView view = StandardViews.byId("caches").orElseThrow();
                int w = 1200;
                int h = 700;
                Canvas canvas = new Canvas(w, h);
                view.paint(new FxDrawContext(canvas.getGraphicsContext2D()), w, h, session, Theme.LIGHT);
                AnnotationOverlay overlay = new AnnotationOverlay(history, view, session);
                overlay.setPrefSize(w, h);
                AnnotationToolbar toolbar = new AnnotationToolbar();
                toolbar.targetProperty().set(overlay);
                StackPane stack = new StackPane(canvas, overlay);
                BorderPane root = new BorderPane(stack);
                root.setTop(toolbar);
                Scene scene = new Scene(root);
                root.applyCss();
                root.layout();
                overlay.select("why");
                WritableImage shot = scene.snapshot(null);
                int sw = (int) shot.getWidth();
                int sh = (int) shot.getHeight();
                BufferedImage bi = new BufferedImage(sw, sh, BufferedImage.TYPE_INT_RGB);
                int[] px = new int[sw * sh];
                shot.getPixelReader().getPixels(0, 0, sw, sh, PixelFormat.getIntArgbInstance(), px, 0, sw);
                bi.setRGB(0, 0, sw, sh, px, 0, sw);
                return bi;
            });
            ImageIO.write(img, "png", out.toFile());
        } finally {
            Platform.exit();
        }
        System.exit(0);
    }
}
