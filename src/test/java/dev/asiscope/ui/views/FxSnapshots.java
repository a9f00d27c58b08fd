package dev.asiscope.ui.views;

import dev.asiscope.ui.core.MachineView;
import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import dev.asiscope.ui.draw.FxDrawContext;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.scene.Group;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/** Paints views on real canvases (headless Monocle in tests) and writes PNGs. */
final class FxSnapshots {
    private FxSnapshots() {
    }

    /** Starts the toolkit if nobody has (tolerates TestFX or another test having started it). */
    static void startFx() throws Exception {
        CompletableFuture<Void> started = new CompletableFuture<>();
        try {
            Platform.startup(() -> started.complete(null));
        } catch (IllegalStateException alreadyRunning) {
            Platform.runLater(() -> started.complete(null));
        }
        started.get(30, TimeUnit.SECONDS);
        Platform.setImplicitExit(false);
    }

    /** Runs {@code task} on the FX thread and waits for its result. */
    static <T> T onFx(Supplier<T> task) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(task.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f.get(60, TimeUnit.SECONDS);
    }

    /** One view placed at a rectangle of the scene. */
    record Placement(MachineView view, double x, double y, double w, double h) {
    }

    /** Paints the placements on canvases in a {@code w x h} scene and snapshots it (call on the FX thread). */
    static WritableImage paint(List<Placement> views, SimSession s, Theme theme, int w, int h) {
        Group root = new Group();
        for (Placement p : views) {
            Canvas c = new Canvas(p.w(), p.h());
            c.setLayoutX(p.x());
            c.setLayoutY(p.y());
            p.view().paint(new FxDrawContext(c.getGraphicsContext2D()), p.w(), p.h(), s, theme);
            root.getChildren().add(c);
        }
        Scene scene = new Scene(root, w, h);
        return scene.snapshot(null);
    }

    static BufferedImage toBuffered(WritableImage img) {
        int w = (int) img.getWidth();
        int h = (int) img.getHeight();
        int[] argb = new int[w * h];
        img.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        bi.setRGB(0, 0, w, h, argb, 0, w);
        return bi;
    }

    static void write(BufferedImage bi, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (!ImageIO.write(bi, "png", file.toFile())) {
            throw new IOException("no PNG writer");
        }
    }

    static int distinctColours(BufferedImage bi) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < bi.getHeight(); y += 1) {
            for (int x = 0; x < bi.getWidth(); x += 1) {
                seen.add(bi.getRGB(x, y));
            }
        }
        return seen.size();
    }
}
