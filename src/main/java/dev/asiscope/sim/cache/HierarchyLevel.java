package dev.asiscope.sim.cache;

/** Where an access was satisfied: the first level of the memory hierarchy that held the line. */
public enum HierarchyLevel {
    /** The core's L1 data cache. */
    L1,
    /** The core's L2. */
    L2,
    /** The shared last-level cache. */
    LLC,
    /** Main memory. */
    DRAM
}
