package dev.asiscope.sim.paging;

/**
 * One paging-structure entry read during a walk.
 *
 * @param level        the level of the table the entry belongs to
 * @param entryAddress physical address of the entry
 * @param entry        the entry value as read, before any A/D update by this walk
 */
public record WalkStep(PagingLevel level, long entryAddress, long entry) {
}
