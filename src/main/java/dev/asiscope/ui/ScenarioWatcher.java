package dev.asiscope.ui;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import javafx.animation.PauseTransition;
import javafx.application.Platform;
import javafx.util.Duration;

/**
 * Watches the open scenario's directory and calls back on the FX thread once the file has stopped
 * changing for {@link #DEBOUNCE_MS} (editors write a file in several steps: truncate, write, rename).
 */
public final class ScenarioWatcher implements AutoCloseable {
    public static final int DEBOUNCE_MS = 300;
    private final Path file;
    private final WatchService service;
    private final Thread thread;
    private final PauseTransition debounce = new PauseTransition(Duration.millis(DEBOUNCE_MS));
    private volatile boolean closed;

    /** Starts watching {@code file}; {@code onChange} runs on the FX thread. */
    public ScenarioWatcher(Path file, Runnable onChange) throws IOException {
        this.file = file.toAbsolutePath().normalize();
        Path dir = this.file.getParent();
        this.service = FileSystems.getDefault().newWatchService();
        dir.register(service, StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_CREATE);
        debounce.setOnFinished(e -> {
            if (!closed) {
                onChange.run();
            }
        });
        thread = new Thread(this::loop, "asiscope-watch " + this.file.getFileName());
        thread.setDaemon(true);
        thread.start();
    }

    public Path file() {
        return file;
    }

    private void loop() {
        try {
            while (!closed) {
                WatchKey key = service.take();
                boolean ours = false;
                for (WatchEvent<?> ev : key.pollEvents()) {
                    if (ev.context() instanceof Path p && p.equals(file.getFileName())) {
                        ours = true;
                    }
                }
                key.reset();
                if (ours && !closed) {
                    Platform.runLater(debounce::playFromStart);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            service.close();
        } catch (IOException e) {
            // nothing left to release
        }
        Platform.runLater(debounce::stop);
    }
}
