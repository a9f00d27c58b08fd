package dev.asiscope.sim.engine;

/** Where a logical CPU's cycles go, for the cost accounting of docs/model.md, section 8. */
public enum CostCategory {
    GUEST("guest work"),
    EXIT_HANDLING("VM exit handling"),
    USERSPACE_VMM("user-space VMM"),
    HOST_USER("host user work"),
    SYSCALL("syscall handling"),
    L1D_FLUSH("L1D flush"),
    VERW("VERW"),
    ASI_SWITCH("ASI CR3 switches"),
    PTI_SWITCH("PTI CR3 switches"),
    STUN_SIGNAL("stunning the sibling"),
    STUN_WAIT("stunned (waiting)"),
    CORESCHED_IDLE("core-scheduling forced idle"),
    TLB_REFILL("page walks"),
    CACHE_REFILL("cache refill after flush"),
    CONTEXT_SWITCH("context switches"),
    /** Transient loads, probe flushes and reloads, and the SMT slowdown a probing sibling inflicts. */
    ATTACK("attacker probing"),
    IDLE("idle / halted"),
    /**
     * The extra time a step takes because the sibling hyperthread was busy too: two busy threads share one
     * core's execution resources, so each runs slower ({@link MachineSpec#smtThroughput()}).
     */
    SMT_CONTENTION("sharing the core with a busy sibling");

    private final String title;

    CostCategory(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    /** camelCase key for JSON reports, e.g. {@code l1dFlush}. */
    public String key() {
        StringBuilder sb = new StringBuilder();
        boolean upper = false;
        for (char c : name().toLowerCase().toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                sb.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return sb.toString();
    }

    /** Whether these cycles are mitigation overhead (flushes, switches, stuns, forced idle, refills). */
    public boolean isMitigation() {
        return switch (this) {
            case L1D_FLUSH, VERW, ASI_SWITCH, PTI_SWITCH, STUN_SIGNAL, STUN_WAIT, CORESCHED_IDLE, CACHE_REFILL -> true;
            default -> false;
        };
    }
}
