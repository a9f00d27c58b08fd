package dev.asiscope.sim.cache;

import java.util.List;

/**
 * The result of invalidating lines (one line, a whole cache, or one line in every cache of a hierarchy).
 * Dirty lines are written back before they are dropped; {@code writebacks} counts them.
 *
 * @param dropped    the lines that were valid and are now gone, in set/way order (per cache)
 * @param writebacks how many of them were dirty
 */
public record Invalidation(List<CacheLine> dropped, int writebacks) {

    /** An invalidation that dropped nothing. */
    public static final Invalidation NONE = new Invalidation(List.of(), 0);

    /** Makes {@code dropped} an unmodifiable copy. */
    public Invalidation {
        dropped = List.copyOf(dropped);
    }

    /** Number of lines dropped. */
    public int count() {
        return dropped.size();
    }
}
