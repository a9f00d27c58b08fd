package dev.asiscope.sim.cache;

/**
 * The replacement policy of a set-associative cache: which valid way of a full set is evicted by a fill.
 * With either policy an invalid way, if the set has one, is always filled first (the lowest-numbered one).
 */
public enum Replacement {
    /** True least-recently-used: the way touched longest ago (by a hit or a fill) is the victim. */
    LRU,
    /**
     * Tree pseudo-LRU as on Intel L1 caches: {@code ways - 1} bits form a binary tree over the ways; every
     * touch turns the bits on the path to the touched way to point away from it, and the victim is found
     * by following the bits from the root. Needs a power-of-two number of ways (at most 64).
     */
    TREE_PLRU
}
