package dev.asiscope.sim.engine;

/**
 * Every kind of state change the engine logs (docs/scenario-format.md, "Event kinds"). The title a person reads
 * is {@code scenario.EventText.title}.
 */
public enum EventKind {
    OP,
    VM_EXIT,
    VM_ENTRY,
    ASI_ENTER,
    ASI_EXIT,
    ASI_RELAX,
    PAGE_FAULT,
    CR3_WRITE,
    TLB_FILL,
    TLB_EVICT,
    TLB_FLUSH,
    CACHE_FILL,
    CACHE_EVICT,
    CLFLUSH,
    L1D_FLUSH,
    VERW,
    STUN,
    UNSTUN,
    CONTEXT_SWITCH,
    /** A hardware thread's context changed (logged on every change; what the timeline draws). */
    CONTEXT_CHANGE,
    SYSCALL,
    INTERRUPT,
    TRANSIENT_LOAD,
    SQUASH,
    PROBE_RELOAD,
    LEAK,
    EXPOSURE_START,
    EXPOSURE_END,
    HALT,
    END;

    /** Lower-case id used in files and on the command line, e.g. {@code asi-exit}. */
    public String id() {
        return name().toLowerCase().replace('_', '-');
    }

    /** Parses an id such as {@code asi-exit} or {@code ASI_EXIT}. */
    public static EventKind fromId(String id) {
        return valueOf(id.trim().toUpperCase().replace('-', '_'));
    }
}
