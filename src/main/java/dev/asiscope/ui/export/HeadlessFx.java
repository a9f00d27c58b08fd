package dev.asiscope.ui.export;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;

/**
 * Starting JavaFX for headless rendering: Monocle's headless glass platform
 * with the software pipeline, chosen before the toolkit starts; a toolkit that already runs (the GUI,
 * TestFX) is used as it is.
 */
public final class HeadlessFx {
    /**
     * JavaFX warns on every start that it was loaded from the class path (harmless: the one jar runs
     * JavaFX from the class path by design);
     * a command line tool should not print that. Held here so the logger and its level are not collected.
     */
    private static final java.util.logging.Logger PLATFORM_LOG =
            java.util.logging.Logger.getLogger("javafx");
    private HeadlessFx() {
    }

    /**
     * Selects Monocle headless and the software pipeline, unless a glass platform was chosen explicitly
     * ({@code -Dglass.platform=...}). Has no effect once the toolkit runs.
     */
    public static void selectHeadlessPlatform() {
        if (System.getProperty("glass.platform") == null) {
            System.setProperty("glass.platform", "Monocle");
            System.setProperty("monocle.platform", "Headless");
            System.setProperty("prism.order", "sw");
        }
        System.setProperty("java.awt.headless", "true");
    }

    /**
     * Starts the toolkit unless it is running. Returns true if this call started it: the caller then owns
     * it and must call {@link Platform#exit()} when done (in a {@code finally}, or the JVM may hang).
     */
    public static boolean start() throws Exception {
        PLATFORM_LOG.setFilter(r -> r.getMessage() == null || !r.getMessage().startsWith("Unsupported JavaFX configuration"));
        CompletableFuture<Void> started = new CompletableFuture<>();
        boolean mine;
        try {
            Platform.startup(() -> started.complete(null));
            mine = true;
        } catch (IllegalStateException alreadyRunning) {
            Platform.runLater(() -> started.complete(null));
            mine = false;
        }
        started.get(60, TimeUnit.SECONDS);
        if (mine) {
            Platform.setImplicitExit(false);
        }
        return mine;
    }

    /** Runs {@code task} on the FX thread (directly when already there) and returns its result. */
    public static <T> T onFx(Callable<T> task) throws Exception {
        if (Platform.isFxApplicationThread()) {
            return task.call();
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(task.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get(10, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }
}
