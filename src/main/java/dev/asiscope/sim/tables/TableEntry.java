package dev.asiscope.sim.tables;

import dev.asiscope.sim.paging.PageSize;
import dev.asiscope.sim.paging.PagingLevel;
import java.util.List;

/**
 * One paging-structure entry, decoded.
 *
 * @param level          level of the structure holding it
 * @param index          its index (0..511) in that structure
 * @param tableAddress   physical address of the structure holding it
 * @param raw            the 64-bit value as stored
 * @param kind           not-present, table, leaf or reserved
 * @param linearAddress  first linear (EPT: guest-physical) address it translates
 * @param target         physical address of the next table (table), of the page (leaf), or the frame
 *                       bits as stored (not-present / reserved: what an L1TF load would use); -1 for 0
 * @param pageSize       size of the page a leaf maps, else null
 * @param flags          the set flags by SDM name
 */
public record TableEntry(PagingLevel level, int index, long tableAddress, long raw, EntryKind kind,
        long linearAddress, long target, PageSize pageSize, List<String> flags) {

    public TableEntry {
        flags = List.copyOf(flags);
    }

    /** Physical address of the entry itself. */
    public long entryAddress() {
        return tableAddress + 8L * index;
    }
}
