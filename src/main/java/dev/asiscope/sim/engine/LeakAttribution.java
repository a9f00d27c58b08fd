package dev.asiscope.sim.engine;

import dev.asiscope.sim.cache.LineProvenance;
import dev.asiscope.sim.kernel.HostLayout;
import dev.asiscope.sim.kernel.PlacedRegion;

/**
 * Leak attribution: which mitigation was absent or skipped when a transient load found victim data, in
 * words, for the second link of a leak's causal chain. Decided when the load encodes the value (the
 * state then is what let it through), from the policy, the attacker thread's state and the provenance of
 * the line it read. Holds no state of its own.
 */
final class LeakAttribution {
    private final Policy policy;
    private final HostLayout layout;

    LeakAttribution(Policy policy, HostLayout layout) {
        this.policy = policy;
        this.layout = layout;
    }

    /** What let mechanism {@code m} read the line of provenance {@code p} on thread {@code t}. */
    String missingMitigation(HardwareThread t, Leak.Mechanism m, LineProvenance p) {
        String policyName = policy.describe();
        if (m == Leak.Mechanism.MELTDOWN) {
            if (!policy.kpti()) {
                return "no KPTI: the kernel is mapped (supervisor-only) in the user page table, and Meltdown ignores U/S";
            }
            return "KPTI is on, but the kernel mapping kept the Global bit: its TLB entry survived the switch to the"
                    + " user PCID";
        }
        if (m == Leak.Mechanism.SPECTRE_V1) {
            String path = isVcpu(t) ? "the KVM exit handler (" + t.handler + ")" : "the syscall";
            if (t.currAsi == null) {
                return path + " ran on the full kernel page table, which maps the secret (no ASI on this path)";
            }
            PlacedRegion r = layout.regionAtPhysical(p.physicalLine());
            String where = r == null ? "the line" : "region " + r.name() + " (" + r.region().sensitivity().id()
                    + ", data labelled " + r.region().label() + ")";
            return path + " ran on the restricted page table " + t.currAsi.className() + ", but " + where
                    + " is mapped there: secret data classified non-sensitive";
        }
        boolean sameThread = p.logicalCpu() == t.id;
        if (sameThread) {
            if (m == Leak.Mechanism.MDS) {
                return "the fill buffers were not cleared (no VERW or L1D flush) before returning to the guest ("
                        + policyName + ")";
            }
            return switch (policy.l1dFlush()) {
                case NEVER -> policy.asi() ? "ASI did not flush: no ASI exit was recorded before this VM entry"
                        : "no L1D flush before VM entry (" + policyName + ")";
                case COND -> "l1d-flush-cond skipped the flush: nothing set KVM's flush request since the line was loaded";
                case ALWAYS -> "the line was loaded after the last L1D flush";
            };
        }
        String who = "the sibling thread cpu" + p.logicalCpu() + " (" + (p.context() == null ? "-" : p.context().describe(p.handler())) + ")";
        if (m == Leak.Mechanism.MDS) {
            return who + " filled the shared fill buffers concurrently; VERW on this thread cannot clear them";
        }
        if (policy.asi() && !policy.asiStun()) {
            return who + " ran on the full page table after an ASI exit while this thread kept running the guest"
                    + " (ASI without sibling stunning)";
        }
        if (policy.asi()) {
            return who + " touched the line while this thread ran the guest";
        }
        if (policy.coreScheduling()) {
            return who + " handled a VM exit in the host kernel while this thread ran the guest: core scheduling"
                    + " does not separate guest and host kernel on siblings";
        }
        return who + " brought it into the shared L1D while this thread ran the guest: SMT is on, and a flush"
                + " before this thread's VM entry cannot help";
    }

    private static boolean isVcpu(HardwareThread t) {
        TaskState ts = t.task();
        return ts != null && ts.spec.kind() == MachineSpec.Task.Kind.VCPU;
    }
}
