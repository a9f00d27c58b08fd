package dev.asiscope.sim.paging;

import java.util.List;

/**
 * Outcome of one linear-address translation.
 *
 * @param linearAddress    the translated address
 * @param steps            every entry read, top level first (empty for non-canonical addresses)
 * @param fault            the fault, or null when the translation succeeded
 * @param physicalAddress  the translated physical address, or -1 on a fault
 * @param pageSize         size of the page mapped by the leaf, or null on a fault
 * @param writable         effective R/W (ANDed over all levels)
 * @param user             effective U/S (ANDed over all levels)
 * @param executable       effective execute permission (XD ORed over all levels, only with NXE)
 * @param global           G bit of the leaf (meaningful only with CR4.PGE)
 * @param protectionKey    protection key of the leaf
 * @param dirty            D bit of the leaf after this access
 * @param terminalPhysicalAddress on a terminal fault (P=0 or reserved bit), the physical address formed
 *                         from the faulting entry's frame bits and the low linear-address bits, which an
 *                         L1TF speculative load would use; -1 otherwise
 * @param updates          entries whose value this walk changed (A/D bits), with their new values
 */
public record WalkResult(
        long linearAddress,
        List<WalkStep> steps,
        PageFault fault,
        long physicalAddress,
        PageSize pageSize,
        boolean writable,
        boolean user,
        boolean executable,
        boolean global,
        int protectionKey,
        boolean dirty,
        long terminalPhysicalAddress,
        List<EntryUpdate> updates) {

    public WalkResult {
        steps = List.copyOf(steps);
        updates = List.copyOf(updates);
    }

    /** A paging-structure entry rewritten by the walker. */
    public record EntryUpdate(long address, long value) {
    }

    public boolean faulted() {
        return fault != null;
    }
}
