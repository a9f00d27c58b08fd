package dev.asiscope.ui.views;

import dev.asiscope.sim.cache.AccessOrigin;
import dev.asiscope.sim.cache.Cache;
import dev.asiscope.sim.cache.CacheLine;
import dev.asiscope.sim.engine.Leak;
import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.paging.WalkResult;

/**
 * The parts of a leak the views draw, found the way the views find them, so a causal chain drawn over the
 * views can point at them: the page-table entry of the transient load's walk (the page-walk view walks the
 * same target when the leak is selected) and the probe line the dependent load filled.
 */
public final class LeakParts {
    private LeakParts() {
    }

    /**
     * The physical address of the last entry of the walk the page-walk view shows for {@code leak}: for L1TF
     * the guest's not-present PTE whose frame bits name the secret, for Meltdown the kernel mapping; -1
     * when there is no walk.
     */
    public static long walkedEntry(Leak leak, Machine m) {
        WalkTarget t = WalkInspector.fromObject(m, leak, -1);
        if (t == null) {
            return -1;
        }
        try {
            WalkResult r = WalkInspector.walk(m, t).result();
            return r.steps().isEmpty() ? -1 : r.steps().get(r.steps().size() - 1).entryAddress();
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    /**
     * The probe line the transient load's dependent access brought into the attacker core's L1D (a
     * speculative fill by the attacker's CPU at the transient cycle), in machine state {@code m} at or after
     * that cycle; -1 when it is not there (evicted, or never filled).
     */
    public static long probeLine(Leak leak, Machine m) {
        if (leak.attackerCpu() < 0 || leak.attackerCpu() >= m.cpuCount()) {
            return -1;
        }
        long secretLine = leak.physicalAddress() & ~63L;
        Cache l1d = m.caches().l1d(m.cpu(leak.attackerCpu()).core());
        for (int set = 0; set < l1d.sets(); set++) {
            for (int way = 0; way < l1d.ways(); way++) {
                CacheLine l = l1d.line(set, way);
                if (l != null && l.physicalLine() != secretLine && l.provenance().origin() == AccessOrigin.SPECULATIVE
                        && l.provenance().logicalCpu() == leak.attackerCpu()
                        && l.provenance().cycle() == leak.transientCycle()) {
                    return l.physicalLine();
                }
            }
        }
        return -1;
    }
}
