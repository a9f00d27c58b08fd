package dev.asiscope.ui.views;

import dev.asiscope.sim.engine.Context;
import dev.asiscope.sim.engine.EventKind;
import dev.asiscope.sim.engine.EventLog;
import dev.asiscope.sim.engine.ExposureWindow;
import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.engine.Simulation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * What the timeline draws for one recorded run, indexed for fast painting: per logical CPU the intervals
 * of its context, and the marker events (VM exits, ASI exits, flushes, stuns, transient loads, leaks) as
 * columns sorted by cycle. One index per {@link Simulation}, shared by every timeline that shows it.
 *
 * <p>Context intervals are exact: the log does not record every context change (a vCPU that halts, the
 * user-space VMM, a stunned thread blocking at its entry gate), so the index replays the run on its own
 * copy of the first checkpoint, reading each CPU's context after every step. That costs about one
 * simulation of the run, so it is done incrementally ({@link #advance}) within a time budget per frame;
 * {@link #indexedUpTo()} tells how far it got. The replay never touches the session's cursor machine.
 * FX thread only.
 */
public final class TimelineIndex {
    private static final Map<Simulation, TimelineIndex> INDEXES = new WeakHashMap<>();

    /** The marker kinds, in drawing order (later ones on top). */
    static final EventKind[] MARKER_KINDS = {EventKind.VM_EXIT, EventKind.VERW, EventKind.L1D_FLUSH, EventKind.STUN,
        EventKind.TRANSIENT_LOAD, EventKind.ASI_EXIT, EventKind.LEAK};

    private static final EventKind[] KINDS = EventKind.values();

    // No reference to the Simulation: the index is the value of a weak map keyed by it.
    private final long endCycle;
    private final int cpus;
    // Context intervals per CPU: interval k starts at starts[cpu][k] and runs to the next start.
    private final long[][] starts;
    private final int[][] codes;
    private final int[] counts;
    private final List<Context> contexts = new ArrayList<>();
    private final Map<Context, Integer> codeOf = new HashMap<>();
    private final Context[] last;
    private Machine replay;
    private long indexedUpTo;
    private boolean complete;

    // Markers: parallel columns in log order (so sorted by cycle).
    private final long[] markerCycle;
    private final int[] markerSeq;
    private final short[] markerCpu;
    private final byte[] markerKind;
    private final int markers;
    private final List<ExposureWindow> exposures;

    private TimelineIndex(Simulation sim) {
        this.endCycle = sim.endCycle();
        Machine end = sim.end();
        this.cpus = end.cpuCount();
        this.starts = new long[cpus][16];
        this.codes = new int[cpus][16];
        this.counts = new int[cpus];
        this.last = new Context[cpus];
        this.exposures = end.exposures();

        EventLog log = sim.log();
        boolean[] wanted = new boolean[KINDS.length];
        for (EventKind k : MARKER_KINDS) {
            wanted[k.ordinal()] = true;
        }
        int n = 0;
        for (EventKind k : MARKER_KINDS) {
            n += log.count(k);
        }
        markerCycle = new long[n];
        markerSeq = new int[n];
        markerCpu = new short[n];
        markerKind = new byte[n];
        int m = 0;
        for (int i = 0; i < log.size() && m < n; i++) {
            EventKind k = log.kindOf(i);
            if (!wanted[k.ordinal()]) {
                continue;
            }
            markerCycle[m] = log.cycleOf(i);
            markerSeq[m] = i;
            markerCpu[m] = (short) log.get(i).cpu();
            markerKind[m] = (byte) k.ordinal();
            m++;
        }
        markers = m;

        replay = sim.stateAt(0);
        for (int c = 0; c < cpus; c++) {
            record(c, 0, replay.cpu(c).context());
        }
        indexedUpTo = replay.cycle();
    }

    /** The index of {@code sim}, created (with its markers, and no intervals yet) on first use. */
    public static TimelineIndex of(Simulation sim) {
        return INDEXES.computeIfAbsent(sim, TimelineIndex::new);
    }

    /**
     * Replays more of the run, for at most {@code budgetNanos}; returns true when the whole run is indexed.
     */
    public boolean advance(long budgetNanos) {
        if (complete) {
            return true;
        }
        long deadline = System.nanoTime() + budgetNanos;
        int k = 0;
        while (true) {
            if (!replay.step()) {
                complete = true;
                indexedUpTo = endCycle;
                replay = null;
                return true;
            }
            long c = replay.cycle();
            for (int i = 0; i < cpus; i++) {
                Context ctx = replay.cpu(i).context();
                if (ctx != last[i]) {
                    record(i, c, ctx);
                }
            }
            indexedUpTo = c;
            if ((++k & 255) == 0 && System.nanoTime() > deadline) {
                return false;
            }
        }
    }

    /** Indexes the whole run now (exports, tests). */
    public TimelineIndex complete() {
        advance(Long.MAX_VALUE / 4);
        return this;
    }

    public boolean isComplete() {
        return complete;
    }

    /** Cycles up to which context intervals are known. */
    public long indexedUpTo() {
        return indexedUpTo;
    }

    private void record(int cpu, long cycle, Context ctx) {
        last[cpu] = ctx;
        Integer code = codeOf.get(ctx);
        if (code == null) {
            code = contexts.size();
            contexts.add(ctx);
            codeOf.put(ctx, code);
        }
        int n = counts[cpu];
        if (n > 0 && starts[cpu][n - 1] == cycle) {
            // Several steps in one cycle: the last context of the cycle is the cycle's.
            codes[cpu][n - 1] = code;
            if (n > 1 && codes[cpu][n - 2] == code) {
                counts[cpu] = n - 1;
            }
            return;
        }
        if (n > 0 && codes[cpu][n - 1] == code) {
            return;
        }
        if (n == starts[cpu].length) {
            starts[cpu] = Arrays.copyOf(starts[cpu], n * 2);
            codes[cpu] = Arrays.copyOf(codes[cpu], n * 2);
        }
        starts[cpu][n] = cycle;
        codes[cpu][n] = code;
        counts[cpu] = n + 1;
    }

    public int cpus() {
        return cpus;
    }

    /** Number of context intervals of {@code cpu} indexed so far. */
    public int intervals(int cpu) {
        return counts[cpu];
    }

    public long intervalStart(int cpu, int k) {
        return starts[cpu][k];
    }

    /** End of interval {@code k} (exclusive): the next start, or the indexed end for the last one. */
    public long intervalEnd(int cpu, int k) {
        return k + 1 < counts[cpu] ? starts[cpu][k + 1] : Math.max(indexedUpTo, starts[cpu][k]);
    }

    public Context intervalContext(int cpu, int k) {
        return contexts.get(codes[cpu][k]);
    }

    /** The interval of {@code cpu} containing {@code cycle} (the last one starting at or before it), or -1. */
    public int intervalAt(int cpu, long cycle) {
        long[] s = starts[cpu];
        int lo = 0;
        int hi = counts[cpu] - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (s[mid] <= cycle) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** The context of {@code cpu} at {@code cycle}, or null if not indexed yet. */
    public Context contextAt(int cpu, long cycle) {
        if (cycle > indexedUpTo && !complete) {
            return null;
        }
        int k = intervalAt(cpu, cycle);
        return k < 0 ? null : intervalContext(cpu, k);
    }

    // ------------------------------------------------------------------ markers

    public int markerCount() {
        return markers;
    }

    /** Index of the first marker at or after {@code cycle}. */
    public int firstMarkerAtOrAfter(long cycle) {
        int lo = 0;
        int hi = markers;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (markerCycle[mid] < cycle) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    public long markerCycle(int i) {
        return markerCycle[i];
    }

    public int markerCpu(int i) {
        return markerCpu[i];
    }

    public EventKind markerKind(int i) {
        return KINDS[markerKind[i]];
    }

    /** Position of marker {@code i} in the run's event log. */
    public int markerSeq(int i) {
        return markerSeq[i];
    }

    /** Every exposure window of the run. */
    public List<ExposureWindow> exposures() {
        return exposures;
    }
}
