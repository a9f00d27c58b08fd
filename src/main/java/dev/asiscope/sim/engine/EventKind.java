package dev.asiscope.sim.engine;

/** Every kind of state change the engine logs (docs/scenario-format.md, "Event kinds"). */
public enum EventKind {
    OP("operation"),
    VM_EXIT("VM exit"),
    VM_ENTRY("VM entry"),
    ASI_ENTER("ASI enter"),
    ASI_EXIT("ASI exit"),
    ASI_RELAX("ASI relax"),
    PAGE_FAULT("page fault"),
    CR3_WRITE("CR3 write"),
    TLB_FILL("TLB fill"),
    TLB_EVICT("TLB evict"),
    TLB_FLUSH("TLB flush"),
    CACHE_FILL("L1D fill"),
    CACHE_EVICT("L1D evict"),
    CLFLUSH("CLFLUSH"),
    L1D_FLUSH("L1D flush"),
    VERW("VERW"),
    STUN("stun"),
    UNSTUN("unstun"),
    CONTEXT_SWITCH("context switch"),
    /** A hardware thread's context changed (logged on every change; what the timeline draws). */
    CONTEXT_CHANGE("context"),
    SYSCALL("syscall"),
    INTERRUPT("interrupt"),
    TRANSIENT_LOAD("transient load"),
    SQUASH("squash"),
    PROBE_RELOAD("probe reload"),
    LEAK("leak"),
    EXPOSURE_START("exposure start"),
    EXPOSURE_END("exposure end"),
    HALT("halt"),
    END("end of run");

    private final String title;

    EventKind(String title) {
        this.title = title;
    }

    /** Human-readable name for lists and filters. */
    public String title() {
        return title;
    }

    /** Lower-case id used in files and on the command line, e.g. {@code asi-exit}. */
    public String id() {
        return name().toLowerCase().replace('_', '-');
    }

    /** Parses an id such as {@code asi-exit} or {@code ASI_EXIT}. */
    public static EventKind fromId(String id) {
        return valueOf(id.trim().toUpperCase().replace('-', '_'));
    }
}
