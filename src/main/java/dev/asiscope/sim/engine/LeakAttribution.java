package dev.asiscope.sim.engine;

import dev.asiscope.sim.cache.LineProvenance;
import dev.asiscope.sim.kernel.HostLayout;
import dev.asiscope.sim.kernel.PlacedRegion;

/**
 * Leak attribution: which mitigation was absent or skipped when a transient load found victim data, as a
 * {@link MissingMitigation} value, for the second link of a leak's causal chain. Decided when the load encodes the value (the
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
    MissingMitigation missingMitigation(HardwareThread t, Leak.Mechanism m, LineProvenance p) {
        if (m == Leak.Mechanism.MELTDOWN) {
            return policy.kpti() ? new MissingMitigation.KptiGlobalKernel() : new MissingMitigation.NoKpti();
        }
        if (m == Leak.Mechanism.SPECTRE_V1) {
            String exitHandler = isVcpu(t) ? t.handler : null;
            if (t.currAsi == null) {
                return new MissingMitigation.GadgetOnFullTable(exitHandler);
            }
            PlacedRegion r = layout.regionAtPhysical(p.physicalLine());
            return new MissingMitigation.SecretMappedRestricted(exitHandler, t.currAsi, r == null ? null : r.name(),
                    r == null ? null : r.region().sensitivity(), r == null ? null : r.region().label());
        }
        if (p.logicalCpu() == t.id) {
            if (m == Leak.Mechanism.MDS) {
                return new MissingMitigation.FillBuffersNotCleared(policy);
            }
            return switch (policy.l1dFlush()) {
                case NEVER -> policy.asi() ? new MissingMitigation.NoAsiExitBeforeEntry()
                        : new MissingMitigation.NoL1dFlush(policy);
                case COND -> new MissingMitigation.CondFlushSkipped();
                case ALWAYS -> new MissingMitigation.LoadedAfterFlush();
            };
        }
        MissingMitigation.SiblingCase why;
        if (m == Leak.Mechanism.MDS) {
            why = MissingMitigation.SiblingCase.SHARED_FILL_BUFFERS;
        } else if (policy.asi() && !policy.asiStun()) {
            why = MissingMitigation.SiblingCase.ASI_WITHOUT_STUN;
        } else if (policy.asi()) {
            why = MissingMitigation.SiblingCase.ASI_TOUCHED;
        } else if (policy.coreScheduling()) {
            why = MissingMitigation.SiblingCase.CORE_SCHEDULING;
        } else {
            why = MissingMitigation.SiblingCase.SMT;
        }
        return new MissingMitigation.Sibling(p.logicalCpu(), p.context(), p.handler(), why);
    }

    private static boolean isVcpu(HardwareThread t) {
        TaskState ts = t.task();
        return ts != null && ts.spec.kind() == MachineSpec.Task.Kind.VCPU;
    }
}
