package dev.asiscope.ui.views;

import dev.asiscope.sim.kernel.PlacedRegion;
import dev.asiscope.sim.paging.WalkResult;

/**
 * How one 4 KiB page is mapped in one host page table, as a side-effect-free walk found it (what the
 * address-space view shows and returns from hit testing; the page-walk view can show its walk).
 *
 * @param table         the page table walked
 * @param virtualAddress the page's first address
 * @param region        the kernel region the page belongs to, or null
 * @param walk          the walk (faulted when the page is not mapped in {@code table})
 */
public record PageMapping(TableRef table, long virtualAddress, PlacedRegion region, WalkResult walk) {
    /** Whether the page is mapped in the table. */
    public boolean mapped() {
        return !walk.faulted();
    }
}
