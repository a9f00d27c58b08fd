package dev.asiscope.sim.cache;

/**
 * One line fill buffer entry: a line that was (or is being) filled into L1D. The entry stays, stale, after
 * the fill completes, until it is reused or cleared (VERW, L1D flush); MDS fill-buffer sampling reads it.
 *
 * @param slot         index of the buffer within its core
 * @param physicalLine physical address of the first byte of the line
 * @param provenance   the provenance of the fill that allocated the entry
 * @param cycle        the cycle the entry was allocated
 */
public record LfbEntry(int slot, long physicalLine, LineProvenance provenance, long cycle) {
}
