package dev.asiscope.sim.security;

/** What a logical CPU is doing at a cycle (docs/model.md, section 3). */
public enum ContextKind {
    GUEST_USER("guest-user"),
    GUEST_KERNEL("guest-kernel"),
    HOST_KERNEL_RESTRICTED("host-kernel-restricted"),
    HOST_KERNEL_FULL("host-kernel-full"),
    HOST_USER("host-user"),
    IDLE("idle"),
    STUNNED("stunned"),
    OFFLINE("offline");

    private final String id;

    ContextKind(String id) {
        this.id = id;
    }

    /** Name used in files, reports and the UI. */
    public String id() {
        return id;
    }

    /** Guest code runs (the L1TF/MDS attacker's position). */
    public boolean isGuest() {
        return this == GUEST_USER || this == GUEST_KERNEL;
    }

    /** The host kernel runs, on either page table. */
    public boolean isHostKernel() {
        return this == HOST_KERNEL_RESTRICTED || this == HOST_KERNEL_FULL;
    }
}
