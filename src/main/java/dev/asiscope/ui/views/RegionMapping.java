package dev.asiscope.ui.views;

import dev.asiscope.sim.kernel.PlacedRegion;

/**
 * How much of a kernel region one host page table maps (a row of the address-space view).
 *
 * @param table        the page table
 * @param region       the region
 * @param pages        pages of the region inside the view's range
 * @param mappedPages  of those, pages the table maps
 * @param differing    of those, pages mapped to a different frame or with different rights than in the full
 *                     table (the ASI invariant says: zero)
 */
public record RegionMapping(TableRef table, PlacedRegion region, int pages, int mappedPages, int differing) {
}
