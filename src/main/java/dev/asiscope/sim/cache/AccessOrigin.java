package dev.asiscope.sim.cache;

/** Which kind of access brought a line into a cache (part of its {@link LineProvenance}). */
public enum AccessOrigin {
    /** A load or store the program retires (architecturally visible). */
    ARCHITECTURAL,
    /** A page-table entry read by the page walker (walks read through the caches). */
    PAGE_WALK,
    /** A transient load that was squashed; its cache side effects stay. */
    SPECULATIVE,
    /** A hardware or software prefetch. */
    PREFETCH,
    /** A line refetched after a flush (e.g. the refill misses after an L1D flush). */
    FLUSH_REFILL
}
