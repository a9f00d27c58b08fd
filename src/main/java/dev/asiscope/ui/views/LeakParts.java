package dev.asiscope.ui.views;

import dev.asiscope.sim.engine.Leak;
import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.security.SecurityDomain;
import dev.asiscope.sim.paging.WalkResult;
import dev.asiscope.sim.vmx.GuestLayout;

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
     * The probe line the transient load's dependent access touched: line {@code value} of the attacker's
     * probe array (256 pages, 4 KiB apart), found where the engine puts it (a guest's probe pages at
     * guest-physical {@code GuestLayout.PROBE_BASE}, a host process's probe region); -1 when the attacker
     * has no probe array in {@code m}. The line may have left the L1D since; the view then cannot locate it.
     */
    public static long probeLine(Leak leak, Machine m) {
        long offset = 4096L * leak.value();
        try {
            if (leak.attackerDomain() instanceof SecurityDomain.Vm v) {
                return m.layout().guest(v.vm()).hostPhysical(GuestLayout.PROBE_BASE + offset) & ~63L;
            }
            if (leak.attackerDomain() instanceof SecurityDomain.Process p) {
                return (m.layout().process(p.process()).probe().physicalBase() + offset) & ~63L;
            }
        } catch (IllegalArgumentException | NullPointerException e) {
            return -1;
        }
        return -1;
    }
}
