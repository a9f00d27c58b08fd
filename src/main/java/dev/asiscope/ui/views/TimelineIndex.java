package dev.asiscope.ui.views;

import dev.asiscope.sim.security.Context;
import dev.asiscope.sim.engine.EventFact;
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
 * <p>Everything comes from the run's event log: the engine logs a {@link EventKind#CONTEXT_CHANGE} event
 * whenever a hardware thread's context changes (the user-space VMM, a halted vCPU and a thread blocked at
 * its entry gate included), so the lanes are exact without re-running anything. Every thread starts idle
 * ({@link Context#IDLE}) at cycle 0. One pass over the log builds the whole index, on whichever thread
 * first asks for it (the window asks on the worker that simulated the run); once built it is only read.
 */
public final class TimelineIndex {
    private static final Map<Simulation, TimelineIndex> INDEXES = new WeakHashMap<>();

    /** The marker kinds, in drawing order (later ones on top); kind indexes below refer to this array. */
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

    // Markers: per CPU and marker kind, the cycles and log positions, sorted by cycle (log order).
    private final long[][][] markerCycles;
    private final int[][][] markerSeqs;
    private final List<ExposureWindow> exposures;

    private TimelineIndex(Simulation sim) {
        this.endCycle = sim.endCycle();
        Machine end = sim.end();
        this.cpus = end.cpuCount();
        this.starts = new long[cpus][16];
        this.codes = new int[cpus][16];
        this.counts = new int[cpus];
        this.exposures = end.exposures();
        for (int c = 0; c < cpus; c++) {
            record(c, 0, Context.IDLE);
        }

        EventLog log = sim.log();
        int[] kindSlot = new int[KINDS.length];
        java.util.Arrays.fill(kindSlot, -1);
        for (int k = 0; k < MARKER_KINDS.length; k++) {
            kindSlot[MARKER_KINDS[k].ordinal()] = k;
        }
        int contextChange = EventKind.CONTEXT_CHANGE.ordinal();
        int[][] counts = new int[cpus][MARKER_KINDS.length];
        List<int[]> found = new ArrayList<>();
        for (int i = 0; i < log.size(); i++) {
            int kind = log.kindOf(i).ordinal();
            int cpu = log.cpuOf(i);
            if (cpu < 0 || cpu >= cpus) {
                continue;
            }
            if (kind == contextChange && log.factOf(i) instanceof EventFact.ContextChange cc) {
                record(cpu, log.cycleOf(i), cc.context());
                continue;
            }
            int slot = kindSlot[kind];
            if (slot < 0) {
                continue;
            }
            counts[cpu][slot]++;
            found.add(new int[] {i, cpu, slot});
        }
        markerCycles = new long[cpus][MARKER_KINDS.length][];
        markerSeqs = new int[cpus][MARKER_KINDS.length][];
        for (int c = 0; c < cpus; c++) {
            for (int k = 0; k < MARKER_KINDS.length; k++) {
                markerCycles[c][k] = new long[counts[c][k]];
                markerSeqs[c][k] = new int[counts[c][k]];
                counts[c][k] = 0;
            }
        }
        for (int[] f : found) {
            int n = counts[f[1]][f[2]]++;
            markerCycles[f[1]][f[2]][n] = log.cycleOf(f[0]);
            markerSeqs[f[1]][f[2]][n] = f[0];
        }
    }

    /** The index of {@code sim}, built whole (intervals and markers) on first use, from any thread. */
    public static synchronized TimelineIndex of(Simulation sim) {
        return INDEXES.computeIfAbsent(sim, TimelineIndex::new);
    }

    /** The index of {@code sim} if one was built, else null (builds nothing). */
    public static synchronized TimelineIndex built(Simulation sim) {
        return INDEXES.get(sim);
    }

    private void record(int cpu, long cycle, Context ctx) {
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
        return k + 1 < counts[cpu] ? starts[cpu][k + 1] : Math.max(endCycle, starts[cpu][k]);
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

    /**
     * As {@link #intervalAt} for a cycle known to lie at or after interval {@code hint} (a left-to-right
     * scan): gallops forward from the hint, so neighbouring lookups cost a few steps, not a full search.
     */
    public int intervalAtFrom(int cpu, long cycle, int hint) {
        int n = counts[cpu];
        if (hint < 0 || hint >= n || starts[cpu][hint] > cycle) {
            return intervalAt(cpu, cycle);
        }
        long[] s = starts[cpu];
        int lo = hint;
        int step = 1;
        int hi = hint + 1;
        while (hi < n && s[hi] <= cycle) {
            lo = hi;
            step <<= 1;
            hi = lo + step;
        }
        hi = Math.min(hi, n) - 1;
        // Invariant: s[lo] <= cycle; the answer is in [lo, hi].
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (s[mid] <= cycle) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** A small integer naming the context of interval {@code k} (equal contexts, equal codes). */
    public int intervalCode(int cpu, int k) {
        return codes[cpu][k];
    }

    /** The context of a code from {@link #intervalCode}. */
    public Context context(int code) {
        return contexts.get(code);
    }

    /** The context of {@code cpu} at {@code cycle}, or null before the run. */
    public Context contextAt(int cpu, long cycle) {
        int k = intervalAt(cpu, cycle);
        return k < 0 ? null : intervalContext(cpu, k);
    }

    // ------------------------------------------------------------------ markers

    /** Number of markers of kind {@code MARKER_KINDS[kind]} on {@code cpu}. */
    public int markers(int cpu, int kind) {
        return markerCycles[cpu][kind].length;
    }

    public long markerCycle(int cpu, int kind, int i) {
        return markerCycles[cpu][kind][i];
    }

    /** Position of a marker in the run's event log. */
    public int markerSeq(int cpu, int kind, int i) {
        return markerSeqs[cpu][kind][i];
    }

    /** Index of the first marker of ({@code cpu}, {@code kind}) at or after {@code cycle}. */
    public int firstMarkerAtOrAfter(int cpu, int kind, long cycle) {
        long[] a = markerCycles[cpu][kind];
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < cycle) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Every exposure window of the run. */
    public List<ExposureWindow> exposures() {
        return exposures;
    }
}
