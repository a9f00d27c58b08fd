package dev.asiscope.sim.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A complete, recorded run with time travel: the run is executed once, logging every event and keeping
 * a checkpoint (a copy of the machine) every {@code interval} cycles; any cycle is then reached by
 * copying the nearest earlier checkpoint and replaying deterministically. Checkpoints are thinned (every
 * other one dropped, the interval doubled) when there are more than {@link #MAX_CHECKPOINTS}, so history
 * memory stays bounded on long runs.
 *
 * <p>The cursor ({@link #seek(long)}) is a machine owned by this object; callers read it, never mutate it.
 */
public final class Simulation {
    /** Upper bound on the number of checkpoints kept. */
    public static final int MAX_CHECKPOINTS = 96;
    /** Default checkpoint spacing in cycles. */
    public static final long DEFAULT_INTERVAL = 250_000;

    private final MachineSpec spec;
    private final Policy policy;
    private final EventLog log = new EventLog();
    private final List<Machine> checkpoints = new ArrayList<>();
    private long interval;
    private final Machine end;
    private Machine cursor;

    private Simulation(MachineSpec spec, Policy policy, long interval, ProgressListener progress) {
        this.spec = spec;
        this.policy = policy;
        this.interval = interval;
        Machine m = new Machine(spec, policy, log);
        checkpoints.add(m.copy());
        // Runs from boundary to boundary without a per-step hook: a checkpoint before the first step that
        // starts past each interval boundary; progress, when asked for, about every million cycles.
        long nextCheckpoint = interval;
        long nextReport = 1_000_000;
        while (!drive(m, progress == null ? nextCheckpoint : Math.min(nextCheckpoint, nextReport), null)) {
            long next = m.nextCycle();
            if (next > nextCheckpoint) {
                checkpoints.add(m.copy());
                if (checkpoints.size() > MAX_CHECKPOINTS) {
                    thin();
                }
                nextCheckpoint = (next / this.interval + 1) * this.interval;
            }
            if (progress != null && next > nextReport) {
                progress.progress(m.cycle());
                nextReport = next + 1_000_000; // past the next step: each round runs at least one
            }
        }
        m.finish();
        this.end = m;
        this.cursor = checkpoints.get(0).copy();
    }

    /** Called after every step of {@link #drive}; returns false to stop there. */
    public interface StepHook {
        boolean afterStep(Machine m);
    }

    /**
     * The run loop, the one every command and the window use (recorded runs here, headless runs in
     * {@code ScenarioRunner}, what-if reruns): steps {@code m} while a step is left that starts at or before
     * {@code untilCycle}, calling {@code hook} (may be null) after each step until it returns false.
     *
     * @return whether the machine has nothing left to run (it ran to its end, not to a bound or a stop)
     */
    public static boolean drive(Machine m, long untilCycle, StepHook hook) {
        while (m.stepUntil(untilCycle)) {
            if (hook != null && !hook.afterStep(m)) {
                return false;
            }
        }
        return m.done();
    }

    /** Receives the simulated cycle now and then during a long run. */
    public interface ProgressListener {
        void progress(long cycle);
    }

    /** Runs {@code spec} under {@code policy} to the end, recording history. */
    public static Simulation run(MachineSpec spec, Policy policy) {
        return new Simulation(spec, policy, DEFAULT_INTERVAL, null);
    }

    /** As {@link #run(MachineSpec, Policy)} with a checkpoint interval and a progress listener. */
    public static Simulation run(MachineSpec spec, Policy policy, long interval, ProgressListener progress) {
        return new Simulation(spec, policy, interval, progress);
    }

    private void thin() {
        List<Machine> kept = new ArrayList<>();
        for (int i = 0; i < checkpoints.size(); i += 2) {
            kept.add(checkpoints.get(i));
        }
        checkpoints.clear();
        checkpoints.addAll(kept);
        interval *= 2;
    }

    public MachineSpec spec() {
        return spec;
    }

    public Policy policy() {
        return policy;
    }

    /** The ordered log of every event of the whole run. */
    public EventLog log() {
        return log;
    }

    /** The final state (after {@link Machine#finish()}): totals, leaks, exposure. */
    public Machine end() {
        return end;
    }

    /** Last cycle of the run. */
    public long endCycle() {
        return end.cycle();
    }

    public int checkpointCount() {
        return checkpoints.size();
    }

    public long checkpointInterval() {
        return interval;
    }

    /** The machine at the cursor. */
    public Machine cursor() {
        return cursor;
    }

    /**
     * Moves the cursor to {@code cycle} (clamped to the run) and returns the machine there: forward
     * within a checkpoint interval by stepping on, otherwise from the nearest earlier checkpoint.
     */
    public Machine seek(long cycle) {
        long target = Math.max(0, Math.min(cycle, endCycle()));
        if (target >= cursor.cycle() && target - cursor.cycle() < interval) {
            cursor.runUntil(target);
            return cursor;
        }
        cursor = stateAt(target);
        return cursor;
    }

    /** A fresh machine at {@code cycle}, independent of the cursor. */
    public Machine stateAt(long cycle) {
        Machine base = checkpoints.get(0);
        for (Machine c : checkpoints) {
            if (c.cycle() <= cycle) {
                base = c;
            } else {
                break;
            }
        }
        Machine m = base.copy();
        m.runUntil(cycle);
        return m;
    }

    /** The first event after the cursor's cycle, or null. */
    public Event nextEvent(Predicate<Event> p) {
        int from = log.countUpTo(cursor.cycle());
        return log.next(from - 1, p);
    }

    /** The last event before the cursor's cycle, or null. */
    public Event previousEvent(Predicate<Event> p) {
        int upTo = log.countUpTo(cursor.cycle() - 1);
        return log.previous(upTo, p);
    }

    /** Reverse-continue: moves the cursor back to the previous event matching {@code p}; false if none. */
    public boolean reverseContinue(Predicate<Event> p) {
        Event e = previousEvent(p);
        if (e == null) {
            return false;
        }
        seek(e.cycle());
        return true;
    }

    /** Continue: moves the cursor forward to the next event matching {@code p}; false if none. */
    public boolean continueTo(Predicate<Event> p) {
        Event e = nextEvent(p);
        if (e == null) {
            return false;
        }
        seek(e.cycle());
        return true;
    }
}
