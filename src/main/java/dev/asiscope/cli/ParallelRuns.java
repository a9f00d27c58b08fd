package dev.asiscope.cli;

import dev.asiscope.scenario.ScenarioException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs independent simulations (one policy, one sweep point) on a pool of threads and returns their results
 * in the order the runs were listed, so that the output does not depend on which run finished first.
 *
 * <p>Each run builds its own machine from the shared, immutable scenario, and a run is deterministic, so a
 * run's result is the same on any thread: only the wall time changes. With one thread the runs execute one
 * after another on the calling thread.
 */
final class ParallelRuns {
    /** One run; may fail with a located scenario error. */
    @FunctionalInterface
    interface Run<T> {
        T call() throws ScenarioException;
    }

    private ParallelRuns() {
    }

    /** The default number of threads: one per available processor. */
    static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Runs every run, at most {@code threads} at a time, reporting progress as runs complete (how many are
     * done, and {@code labels.get(i)} of the one that just finished), the same with one thread or several.
     *
     * @return the results, {@code results.get(i)} from {@code runs.get(i)}
     * @throws ScenarioException the error of the first run in list order that failed
     */
    static <T> List<T> run(List<Run<T>> runs, List<String> labels, int threads, ProgressBar bar)
            throws ScenarioException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        List<T> out = new ArrayList<>(runs.size());
        if (threads == 1 || runs.size() <= 1) {
            for (int i = 0; i < runs.size(); i++) {
                out.add(runs.get(i).call());
                bar.update(i + 1, runs.size(), labels.get(i)); // as the pool reports: runs done, the last one
            }
            return out;
        }
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, runs.size()), r -> {
            Thread t = new Thread(r, "asiscope-run");
            t.setDaemon(true); // never keeps the command alive
            return t;
        });
        try {
            List<Future<T>> futures = new ArrayList<>(runs.size());
            for (int i = 0; i < runs.size(); i++) {
                Run<T> run = runs.get(i);
                String label = labels.get(i);
                futures.add(pool.submit(() -> {
                    T result = run.call();
                    synchronized (bar) {
                        bar.update(done.incrementAndGet(), runs.size(), label);
                    }
                    return result;
                }));
            }
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the runs", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ScenarioException se) {
                throw se;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
