package dev.asiscope.sim.engine;

/**
 * Where a logical CPU's cycles go, for the cost accounting of docs/model.md, section 8. The title a person reads
 * is {@code scenario.CostCategoryText.title}.
 */
public enum CostCategory {
    GUEST,
    EXIT_HANDLING,
    USERSPACE_VMM,
    HOST_USER,
    SYSCALL,
    L1D_FLUSH,
    VERW,
    ASI_SWITCH,
    PTI_SWITCH,
    STUN_SIGNAL,
    STUN_WAIT,
    CORESCHED_IDLE,
    TLB_REFILL,
    CACHE_REFILL,
    CONTEXT_SWITCH,
    /** Transient loads, probe flushes and reloads, and the SMT slowdown a probing sibling inflicts. */
    ATTACK,
    IDLE,
    /**
     * The extra time a step takes because the sibling hyperthread was busy too: two busy threads share one
     * core's execution resources, so each runs slower ({@link MachineSpec#smtThroughput()}).
     */
    SMT_CONTENTION;

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
