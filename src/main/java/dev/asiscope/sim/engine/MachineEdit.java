package dev.asiscope.sim.engine;

/**
 * A "what if" change to the machine's state at a cycle (a page-table entry's bits, a region mapped or
 * unmapped in one table). Edits are data in the {@link MachineSpec}: the machine applies each one after
 * every step that starts at or before its cycle and before any later step, so a run with edits is as
 * deterministic as one without, and checkpoints and time travel see them like any other state change.
 */
public interface MachineEdit {
    /** The cycle after which the edit takes effect. */
    long cycle();

    /** Applies the edit to {@code machine} (memory, and the TLB invalidations the change needs). */
    void apply(Machine machine);
}
