package dev.asiscope.sim.cache;

/**
 * An immutable snapshot of one valid cache line: what the UI shows, what a fill evicts and what an
 * invalidation drops. Taking a snapshot never changes the cache.
 *
 * @param set          set index
 * @param way          way within the set
 * @param physicalLine physical address of the first byte of the line
 * @param dirty        whether the line was modified (a write-back is owed when it leaves the cache)
 * @param provenance   who brought the line into this cache, and how
 */
public record CacheLine(int set, int way, long physicalLine, boolean dirty, LineProvenance provenance) {
}
