package dev.asiscope.scenario;

import dev.asiscope.sim.engine.CostCategory;

/** A {@link CostCategory} in words, as the run report, the inspector and the comparison pane show it. */
public final class CostCategoryText {
    private CostCategoryText() {
    }

    /** e.g. {@code "L1D flush"}, {@code "stunned (waiting)"}. */
    public static String title(CostCategory c) {
        return switch (c) {
            case GUEST -> "guest work";
            case EXIT_HANDLING -> "VM exit handling";
            case USERSPACE_VMM -> "user-space VMM";
            case HOST_USER -> "host user work";
            case SYSCALL -> "syscall handling";
            case L1D_FLUSH -> "L1D flush";
            case VERW -> "VERW";
            case ASI_SWITCH -> "ASI CR3 switches";
            case PTI_SWITCH -> "PTI CR3 switches";
            case STUN_SIGNAL -> "stunning the sibling";
            case STUN_WAIT -> "stunned (waiting)";
            case CORESCHED_IDLE -> "core-scheduling forced idle";
            case TLB_REFILL -> "page walks";
            case CACHE_REFILL -> "cache refill after flush";
            case CONTEXT_SWITCH -> "context switches";
            case ATTACK -> "attacker probing";
            case IDLE -> "idle / halted";
            case SMT_CONTENTION -> "sharing the core with a busy sibling";
        };
    }
}
