package dev.asiscope.ui;

import dev.asiscope.scenario.Narration;
import dev.asiscope.sim.engine.EventKind;
import dev.asiscope.sim.engine.EventLog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A scenario's captions placed on one run's timeline: cycle anchors as written, event anchors resolved
 * through the log (the n-th event of a kind, optionally on one CPU). A caption whose event never
 * happens under this policy is left out. The caption at a cycle is the one with the latest anchor at
 * or before it.
 */
public final class NarrationTrack {
    /** A caption and the cycle it starts at. */
    public record Placed(Narration narration, long cycle, int index) {
    }

    private final List<Placed> placed;

    private NarrationTrack(List<Placed> placed) {
        this.placed = placed;
    }

    /** Resolves {@code captions} against {@code log}. */
    public static NarrationTrack resolve(List<Narration> captions, EventLog log) {
        List<Placed> out = new ArrayList<>();
        for (int i = 0; i < captions.size(); i++) {
            Narration n = captions.get(i);
            long c = anchorCycle(n, log);
            if (c >= 0) {
                out.add(new Placed(n, c, i));
            }
        }
        // Stable: captions anchored at the same cycle keep their order in the file.
        out.sort(Comparator.comparingLong(Placed::cycle).thenComparingInt(Placed::index));
        return new NarrationTrack(List.copyOf(out));
    }

    static long anchorCycle(Narration n, EventLog log) {
        if (n.event() == null || n.event().isBlank()) {
            return Math.max(0, n.cycle());
        }
        EventKind kind;
        try {
            kind = EventKind.fromId(n.event());
        } catch (IllegalArgumentException e) {
            return -1;
        }
        if (log.count(kind) == 0) {
            return -1;
        }
        int want = Math.max(1, n.occurrence());
        int seen = 0;
        for (int i = 0; i < log.size(); i++) {
            if (log.kindOf(i) == kind && (n.cpu() < 0 || log.get(i).cpu() == n.cpu()) && ++seen == want) {
                return log.cycleOf(i);
            }
        }
        return -1;
    }

    public List<Placed> captions() {
        return placed;
    }

    /** Position in {@link #captions()} of the caption shown at {@code cycle}, or -1 before the first. */
    public int indexAt(long cycle) {
        int lo = 0;
        int hi = placed.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (placed.get(mid).cycle() <= cycle) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo - 1;
    }

    /** The caption shown at {@code cycle}, or null. */
    public Placed at(long cycle) {
        int i = indexAt(cycle);
        return i < 0 ? null : placed.get(i);
    }

    /** The first caption anchored after {@code cycle}, or null. */
    public Placed after(long cycle) {
        int i = indexAt(cycle) + 1;
        return i < placed.size() ? placed.get(i) : null;
    }

    /** The start of the caption before the one shown at {@code cycle} (or of it, when past its start). */
    public Placed before(long cycle) {
        int i = indexAt(cycle);
        if (i < 0) {
            return null;
        }
        if (placed.get(i).cycle() < cycle) {
            return placed.get(i);
        }
        return i > 0 ? placed.get(i - 1) : null;
    }
}
