package dev.asiscope.sim.engine;

import dev.asiscope.sim.cache.LineFillBuffers;
import dev.asiscope.sim.security.DataLabel;
import dev.asiscope.sim.security.SecurityDomain;

/**
 * Exposure: per core, the window during which a secret of another domain sits in the core's L1D or fill
 * buffers while guest code runs there, whether or not anything probes it. Checked after every step from the
 * machine's {@link L1dCensus} (no cache scan); opening and closing a window logs an event and closing one
 * adds it to the totals. The open windows are machine state (copied with checkpoints, in the state hash).
 */
final class ExposureTracker {
    private final Machine machine;
    private final ExposureWindow[] open;
    /**
     * What {@link #update} last decided from, per core: the sum of the census's key-set version, the fill
     * buffers' allocation and clear counts and {@link #threadChanges}. Each counter only grows, so an equal sum
     * means equal inputs; the same inputs give the same decision, which the last update already applied, so
     * an update with nothing changed returns at once (a change that does not matter, such as a host context
     * change, only costs a decision that comes out the same). Derived, not state: a copy starts with none
     * (-1), and its first update decides afresh.
     */
    private final long[] seen;
    /**
     * Per core, how often one of its threads changed what exposure reads of it (its context, or finishing):
     * counted by {@link #threadChanged} so that {@link #update} need not visit the threads to notice.
     */
    private final long[] threadChanges;
    /**
     * The machine's fill buffers per core, its census and threads per core: what {@link #update} reads after
     * every step, held here instead of fetched through the machine each time (they never change: the
     * machine makes them before its tracker and a copy its own before its tracker's copy).
     */
    private final LineFillBuffers[] lfbs;
    private final L1dCensus census;
    private final int threadsPerCore;

    ExposureTracker(Machine machine, int cores) {
        this(machine, new ExposureWindow[cores]);
    }

    private ExposureTracker(Machine machine, ExposureWindow[] open) {
        this.machine = machine;
        this.open = open;
        int cores = open.length;
        this.seen = new long[cores];
        java.util.Arrays.fill(seen, -1);
        this.threadChanges = new long[cores];
        this.lfbs = new LineFillBuffers[cores];
        for (int c = 0; c < cores; c++) {
            lfbs[c] = machine.caches().lineFillBuffers(c);
        }
        this.census = machine.census();
        this.threadsPerCore = machine.spec().threadsPerCore();
    }

    /** This tracker's state, for the copy {@code m} of its machine. */
    ExposureTracker copyFor(Machine m) {
        return new ExposureTracker(m, open.clone());
    }

    /** After a step on {@code core}: opens, keeps or closes the core's window. */
    void update(int core) {
        // Kept small so that the step loop inlines it: after most steps nothing it reads has changed.
        LineFillBuffers lfb = lfbs[core];
        long inputs = census.keySetVersion(core) + lfb.allocations() + lfb.clears() + threadChanges[core];
        if (inputs != seen[core]) {
            seen[core] = inputs;
            decide(core);
        }
    }

    /** Opens, keeps or closes {@code core}'s window from what its threads run and its secrets. */
    private void decide(int core) {
        int tpc = threadsPerCore;
        SecurityDomain attacker = null;
        DataLabel victim = null;
        for (int i = 0; i < tpc; i++) {
            HardwareThread t = machine.cpu(core * tpc + i);
            if (t.online && !t.finished && t.context.kind().isGuest()) {
                SecurityDomain d = SecurityDomain.vm(t.context.vm());
                DataLabel v = census.foreignSecret(core, d);
                if (v == null) {
                    v = lfbs[core].foreignSecret(d);
                }
                if (v != null) {
                    attacker = d;
                    victim = v;
                    break;
                }
            }
        }
        ExposureWindow window = open[core];
        if (window != null && (victim == null || !window.attackerDomain().equals(attacker))) {
            close(core);
            window = null;
        }
        if (window == null && victim != null) {
            open[core] = new ExposureWindow(core, attacker, victim, machine.cycle(), -1);
            machine.emit(EventKind.EXPOSURE_START, core * tpc, -1, new EventFact.ExposureStart(core, attacker, victim));
        }
    }

    /** A thread of {@code core} changed its context, or finished: its core's next update decides again. */
    void threadChanged(int core) {
        threadChanges[core]++;
    }

    /** Closes every open window at the machine's cycle (the end of a run). */
    void closeAll() {
        for (int c = 0; c < open.length; c++) {
            close(c);
        }
    }

    /** Closes {@code core}'s open window, if any, at the machine's cycle. */
    private void close(int core) {
        ExposureWindow window = open[core];
        if (window == null) {
            return;
        }
        long now = machine.cycle();
        ExposureWindow closed = new ExposureWindow(core, window.attackerDomain(), window.victimLabel(),
                window.startCycle(), now);
        open[core] = null;
        Machine.Counters counters = machine.counters();
        counters.exposureCycles += closed.length(now);
        counters.exposures.add(closed);
        machine.emit(EventKind.EXPOSURE_END, core * machine.spec().threadsPerCore(), -1,
                new EventFact.ExposureEnd(closed));
    }

    /** The open windows, whole (start, attacker, victim data), as {@link StateHash} hashes values. */
    long stateHash() {
        return StateHash.of(java.util.Arrays.asList(open));
    }
}
