package dev.asiscope.sim.cache;

import java.util.List;

/**
 * The result of one {@link MemoryHierarchy#access}.
 *
 * @param level      the level that held the line ({@link HierarchyLevel#L1} = hit in L1D)
 * @param latency    load-to-use cost in cycles for that level, from the latency table
 * @param provenance the provenance of the line now in L1D: on an L1D hit the line's existing provenance,
 *                   otherwise the provenance of this access
 * @param l1dVictims lines this access evicted from the core's L1D (empty or one line), so the engine can
 *                   log evictions
 */
public record AccessOutcome(HierarchyLevel level, int latency, LineProvenance provenance, List<CacheLine> l1dVictims) {

    /** Makes {@code l1dVictims} unmodifiable. */
    public AccessOutcome {
        l1dVictims = List.copyOf(l1dVictims);
    }

    /** Whether the access hit in L1D. */
    public boolean l1dHit() {
        return level == HierarchyLevel.L1;
    }
}
