package dev.asiscope.sim.engine;

/**
 * The per-CPU ASI taint bits of the 2025 RFC v2 (docs/model.md, section 5): "data" taints mean victim
 * data may remain in side channels, "control" taints mean attacker-controlled predictor state may remain.
 */
public enum AsiTaint {
    KERNEL_DATA, USER_DATA, GUEST_DATA, OTHER_MM_DATA, USER_CONTROL, GUEST_CONTROL, OTHER_MM_CONTROL;

    /** This taint's bit in the mask (bit 0 = KERNEL_DATA, as in asi.h). */
    public int bit() {
        return 1 << ordinal();
    }

    /** Data taints: they require an L1D flush (and buffer clear) before entering a class that protects data. */
    public static final int DATA_MASK = KERNEL_DATA.bit() | USER_DATA.bit() | GUEST_DATA.bit() | OTHER_MM_DATA.bit();
}
