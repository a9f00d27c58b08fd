package dev.asiscope.ui.workspace;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Saves a workspace a short quiet time after the last change (debounced): a burst of edits (dragging an
 * arrow, typing) gives one write. Workspaces are immutable, so {@link #changed} takes a snapshot from the
 * FX thread and the write happens on a background thread. {@link #close()} writes what is pending.
 */
public final class WorkspaceAutosave implements AutoCloseable {
    /** Writes one workspace (replaceable in tests). */
    @FunctionalInterface
    public interface Saver {
        void save(Path file, Workspace ws) throws IOException;
    }

    private final Path file;
    private final long quietMillis;
    private final Saver saver;
    private final Consumer<IOException> onError;
    private final ScheduledExecutorService executor;
    private final Object saveLock = new Object();
    private Workspace pending;
    private ScheduledFuture<?> scheduled;
    private boolean closed;

    /** Autosave to {@code file} with {@link WorkspaceFile#save}, 1.5 s after the last change. */
    public WorkspaceAutosave(Path file, Consumer<IOException> onError) {
        this(file, Duration.ofMillis(1500), WorkspaceFile::save, onError);
    }

    public WorkspaceAutosave(Path file, Duration quiet, Saver saver, Consumer<IOException> onError) {
        this.file = file;
        this.quietMillis = quiet.toMillis();
        this.saver = saver;
        this.onError = onError;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "asiscope-autosave");
            t.setDaemon(true);
            return t;
        });
    }

    public Path file() {
        return file;
    }

    /** Records {@code ws} as the latest state; it is written after the quiet time unless another change comes. */
    public synchronized void changed(Workspace ws) {
        if (closed) {
            throw new IllegalStateException("autosave is closed");
        }
        pending = ws;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        scheduled = executor.schedule(this::flushQuietly, quietMillis, TimeUnit.MILLISECONDS);
    }

    /** Whether a change waits to be written. */
    public synchronized boolean hasPending() {
        return pending != null;
    }

    /** Writes the pending state now (on the calling thread), if any. */
    public void flush() throws IOException {
        // Taking and writing under one lock keeps writes in change order: a later state is never
        // overwritten by an earlier one that a slower thread was still writing.
        synchronized (saveLock) {
            Workspace ws;
            synchronized (this) {
                ws = pending;
                pending = null;
                if (scheduled != null) {
                    scheduled.cancel(false);
                    scheduled = null;
                }
            }
            if (ws != null) {
                saver.save(file, ws);
            }
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (IOException e) {
            if (onError != null) {
                onError.accept(e);
            }
        }
    }

    /** Writes what is pending and stops the background thread. */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            closed = true;
        }
        try {
            flush();
        } finally {
            executor.shutdown();
        }
    }
}
