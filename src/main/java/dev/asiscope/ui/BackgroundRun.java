package dev.asiscope.ui;

import dev.asiscope.scenario.SimulationErrorText;
import dev.asiscope.sim.engine.MachineSpec;
import dev.asiscope.sim.engine.Policy;
import dev.asiscope.sim.engine.Simulation;
import dev.asiscope.sim.engine.SimulationException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.concurrent.Task;

/**
 * Simulates off the FX thread, one run at a time per instance: a new request cancels the one in flight.
 * The window stays usable on the run it shows until the new run is complete; then {@code onDone} gets it
 * on the FX thread. Progress is the simulated cycle over the scenario's cycle budget (the engine reports
 * it every million cycles); cancelling throws out of that report, which unwinds the engine's loop, so
 * a cancelled run stops within a million simulated cycles and leaves nothing behind.
 *
 * <p>Errors in the run (an engine exception) are handed to {@code onError} on the FX thread as one line,
 * never thrown into an event handler.
 */
public final class BackgroundRun {
    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "asiscope-run");
        t.setDaemon(true);
        t.setPriority(Thread.NORM_PRIORITY - 1);
        return t;
    });

    private final String name;
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(-1);
    private final ReadOnlyStringWrapper what = new ReadOnlyStringWrapper("");
    private Task<?> current;
    private long started;

    /** @param name what the runs are for, for the timing line ({@code policy}, {@code compare}...) */
    public BackgroundRun(String name) {
        this.name = name;
    }

    /**
     * Runs {@code spec} under {@code policy} on a worker thread, cancelling the run in flight.
     *
     * @param label   what is being simulated, shown beside the progress bar
     * @param onDone  gets the finished run (FX thread); not called when cancelled or failed
     * @param onError gets a one-line message when the engine fails (FX thread)
     */
    public void start(String label, MachineSpec spec, Policy policy, Consumer<Simulation> onDone,
            Consumer<String> onError) {
        start(label, spec, policy, run -> run, onDone, onError);
    }

    /**
     * As {@link #start(String, MachineSpec, Policy, Consumer, Consumer)}, with {@code derive} applied to the
     * finished run on the worker thread too (indexes the window needs before it can show the run).
     */
    public <T> void start(String label, MachineSpec spec, Policy policy, Function<Simulation, T> derive,
            Consumer<T> onDone, Consumer<String> onError) {
        submit(label, spec.maxCycles(), progress -> derive.apply(
                Simulation.run(spec, policy, Simulation.DEFAULT_INTERVAL, progress)), onDone, onError);
    }

    /** Work for a worker thread that reports the simulated cycle as it goes (see {@link #submit}). */
    @FunctionalInterface
    public interface Work<T> {
        /**
         * Does the work; {@code progress} takes the simulated cycle and throws a
         * {@link CancellationException} once the work is cancelled, which must be let through.
         */
        T run(Simulation.ProgressListener progress) throws Exception;
    }

    /**
     * Runs {@code work} on a worker thread, cancelling the run in flight, with the same progress, cancel and
     * error handling as a simulation (the what-if pane's re-runs go through here).
     *
     * @param budget  the cycle the progress bar is full at
     * @param onDone  gets the result (FX thread); not called when cancelled or failed
     * @param onError gets a one-line message when {@code work} throws (FX thread)
     */
    public <T> void submit(String label, long budget, Work<T> work, Consumer<T> onDone, Consumer<String> onError) {
        cancel();
        long full = Math.max(1, budget);
        Task<T> task = new Task<>() {
            @Override
            protected T call() throws Exception {
                T result = work.run(cycle -> {
                    if (isCancelled()) {
                        throw new CancellationException("cancelled at cycle " + cycle);
                    }
                    updateProgress(Math.min(cycle, full), full);
                });
                if (isCancelled()) {
                    throw new CancellationException("cancelled");
                }
                return result;
            }
        };
        current = task;
        started = System.nanoTime();
        what.set(label);
        running.set(true);
        progress.unbind();
        progress.bind(task.progressProperty());
        task.setOnSucceeded(e -> {
            if (task != current) {
                return;
            }
            finish();
            Timing.report(name + " run", started);
            try {
                onDone.accept(task.getValue());
            } catch (RuntimeException ex) {
                onError.accept(label + ": " + oneLine(ex));
            }
        });
        task.setOnFailed(e -> {
            if (task != current) {
                return;
            }
            finish();
            Throwable ex = task.getException();
            if (!(ex instanceof CancellationException)) {
                onError.accept(label + ": " + oneLine(ex));
            }
        });
        task.setOnCancelled(e -> {
            if (task == current) {
                finish();
            }
        });
        WORKERS.execute(task);
    }

    private void finish() {
        current = null;
        progress.unbind();
        progress.set(-1);
        running.set(false);
        what.set("");
    }

    /** Cancels the run in flight (if any); the window keeps the run it shows. */
    public void cancel() {
        Task<?> t = current;
        if (t != null) {
            t.cancel(false);
            finish();
        }
    }

    public boolean isRunning() {
        return running.get();
    }

    /** True while a run is being simulated. */
    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** 0..1 while running (-1 when idle or not yet known). */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** What is being simulated, e.g. "asi-stun.json under l1d-flush-always+nosmt". */
    public ReadOnlyStringProperty whatProperty() {
        return what.getReadOnlyProperty();
    }

    static String oneLine(Throwable e) {
        String m = e instanceof SimulationException se ? SimulationErrorText.of(se)
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
