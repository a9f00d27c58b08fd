package dev.asiscope.sim.cache;

/**
 * Optional observer of {@link MemoryHierarchy} state changes, for the event log. Called synchronously, in
 * the order the changes happen, after each change. Implementations must not call back into the hierarchy's
 * mutating methods. All methods default to doing nothing.
 *
 * <p>{@code core} is the physical core of a per-core structure (L1D, L2, LFB), or {@link #SHARED} for the LLC.
 */
public interface CacheListener {
    /** The {@code core} value for the shared LLC. */
    int SHARED = -1;

    /**
     * Whether this listener wants the L1D's fills, evictions and flushes (and LFB clears) only. When true the
     * hierarchy never calls it for the L2 or the LLC, and so builds no {@link CacheLine} snapshot of an L2 or
     * LLC victim for it: an eviction there then costs nothing beyond the write-back. Read once, when the
     * listener is set. Default false: every level.
     */
    default boolean l1dOnly() {
        return false;
    }

    /**
     * A line was brought into {@code level}.
     *
     * @param writeBack true if the fill is a dirty write-back from the level above (the provenance is then
     *                  the written-back line's), false for a demand fill
     */
    default void onFill(int core, HierarchyLevel level, LineProvenance provenance, boolean writeBack) {
    }

    /** A fill into {@code level} evicted {@code victim} (a dirty victim is written back to the next level). */
    default void onEvict(int core, HierarchyLevel level, CacheLine victim) {
    }

    /** Lines were dropped from {@code level} by CLFLUSH or an L1D flush. */
    default void onFlush(int core, HierarchyLevel level, Invalidation dropped) {
    }

    /** The core's line fill buffers were cleared (VERW or L1D flush). */
    default void onLfbClear(int core, int entriesCleared) {
    }
}
