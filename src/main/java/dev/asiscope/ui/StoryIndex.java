package dev.asiscope.ui;

import dev.asiscope.scenario.EventText;
import dev.asiscope.sim.engine.EventFact;
import dev.asiscope.sim.engine.Event;
import dev.asiscope.sim.engine.EventKind;
import dev.asiscope.sim.engine.EventLog;
import dev.asiscope.sim.engine.Leak;
import dev.asiscope.sim.engine.Simulation;
import dev.asiscope.ui.core.VcpuTracker;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The moments of one run's story that another run of the same scenario also has, whatever its policy:
 * the scenario's narration captions, each vCPU's own VM exits counted in order ("the 57th VM exit of
 * vm1/vcpu0") and each leak of a victim label. Two policies run the same workload at different speeds,
 * so cycle numbers drift apart (a flush on every entry, a stunned sibling); these moments do not, which
 * is what comparison mode lines the two runs up by.
 *
 * <p>Exits forced by a stun IPI are left out: they are the mitigation's, not the guest's, and would
 * shift every later count. Immutable once built; building reads the log once.
 */
public final class StoryIndex {
    /** A moment of the story: what it is, and where this run has it. */
    public record Milestone(long key, long cycle, String name) {
    }

    private static final int EXIT = 1;
    private static final int CAPTION = 2;
    private static final int LEAK = 3;

    private final Simulation run;
    private final List<Milestone> milestones;
    private final long[] cycles;
    private final Map<Long, Milestone> byKey;

    private StoryIndex(Simulation run, List<Milestone> milestones) {
        this.run = run;
        this.milestones = milestones;
        this.cycles = new long[milestones.size()];
        this.byKey = new HashMap<>(milestones.size() * 2);
        for (int i = 0; i < milestones.size(); i++) {
            cycles[i] = milestones.get(i).cycle();
            byKey.putIfAbsent(milestones.get(i).key(), milestones.get(i));
        }
    }

    /** Indexes {@code run}; {@code captions} is its narration placed on it (may be null). */
    public static StoryIndex of(Simulation run, NarrationTrack captions) {
        EventLog log = run.log();
        List<Milestone> out = new ArrayList<>();
        VcpuTracker vcpus = new VcpuTracker();
        Map<Integer, Integer> exitsOf = new HashMap<>();
        Map<String, Integer> leaksOf = new HashMap<>();
        for (int i = 0; i < log.size(); i++) {
            EventKind k = log.kindOf(i);
            vcpus.see(log, i);
            if (k == EventKind.VM_EXIT) {
                Event e = log.get(i);
                int vcpu = vcpus.on(e.cpu());
                // A stun IPI's exit is a mitigation's doing, not the guest's: runs are lined up by the guest's own.
                if (vcpu < 0 || e.fact() instanceof EventFact.StunIpiExit) {
                    continue;
                }
                int n = exitsOf.merge(vcpu, 1, Integer::sum);
                out.add(new Milestone(key(EXIT, vcpu & 0xffffff, n), e.cycle(),
                        "VM exit " + n + " of " + VcpuTracker.name(vcpu)));
            } else if (k == EventKind.LEAK) {
                Event e = log.get(i);
                String what = (e.fact() instanceof EventFact.LeakFound f
                        ? EventText.title(f.leak().mechanism()) + " leak of "
                        + f.leak().victimLabel().name() : "leak of " + e.label());
                int n = leaksOf.merge(what, 1, Integer::sum);
                out.add(new Milestone(key(LEAK, what.hashCode() & 0xffffff, n), e.cycle(), what + " (" + n + ")"));
            }
        }
        if (captions != null) {
            for (NarrationTrack.Placed p : captions.captions()) {
                String title = p.narration().title() == null || p.narration().title().isBlank()
                        ? "caption " + (p.index() + 1) : "caption \u201c" + p.narration().title() + "\u201d";
                out.add(new Milestone(key(CAPTION, p.index() & 0xffffff, 1), p.cycle(), title));
            }
        }
        // Stable: at one cycle, the log's order, then the captions.
        out.sort(Comparator.comparingLong(Milestone::cycle));
        return new StoryIndex(run, List.copyOf(out));
    }

    private static long key(int type, int what, int n) {
        return (long) type << 56 | (long) what << 32 | (n & 0xffffffffL);
    }

    public Simulation run() {
        return run;
    }

    public List<Milestone> milestones() {
        return milestones;
    }

    /** This run's milestone that is the same moment as {@code m} of another run, or null. */
    public Milestone counterpart(Milestone m) {
        return byKey.get(m.key());
    }

    /**
     * Where {@code other} is at the moment this run is at {@code cycle}: the latest milestone of this run
     * at or before {@code cycle} that {@code other} also has, and the same distance past it there (but
     * not beyond {@code other}'s end). Before any shared milestone, the same cycle.
     */
    public Alignment align(long cycle, StoryIndex other) {
        int i = lastAtOrBefore(cycle);
        for (; i >= 0; i--) {
            Milestone mine = milestones.get(i);
            Milestone theirs = other.counterpart(mine);
            if (theirs != null) {
                long c = Math.min(other.run.endCycle(), theirs.cycle() + (cycle - mine.cycle()));
                return new Alignment(mine, theirs, cycle, c);
            }
        }
        return new Alignment(null, null, cycle, Math.min(cycle, other.run.endCycle()));
    }

    private int lastAtOrBefore(long cycle) {
        int lo = 0;
        int hi = cycles.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cycles[mid] <= cycle) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo - 1;
    }

    /**
     * Two runs lined up: {@code here} (this run's milestone) and {@code there} (the other's), or both null
     * when no shared milestone precedes the cursor; {@code otherCycle} is where the other run's cursor goes.
     */
    public record Alignment(Milestone here, Milestone there, long cycle, long otherCycle) {
        /** "aligned at VM exit 57 of vm1/vcpu0 (cycle 1,234,000 | 1,301,500)" or the by-cycle fallback. */
        public String describe() {
            if (here == null) {
                return String.format("aligned by cycle (no shared event yet): %,d \u2194 %,d", cycle, otherCycle);
            }
            return String.format("aligned at %s: cycle %,d \u2194 %,d (%+,d)", here.name(), here.cycle(),
                    there.cycle(), there.cycle() - here.cycle());
        }
    }
}
