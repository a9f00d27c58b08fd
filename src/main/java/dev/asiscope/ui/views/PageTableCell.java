package dev.asiscope.ui.views;

import dev.asiscope.sim.paging.WalkResult;
import dev.asiscope.sim.security.AddressSpaceId;
import dev.asiscope.sim.tables.EntryBit;
import dev.asiscope.sim.tables.TableEntry;
import java.util.List;

/**
 * One paging-structure entry as the page-table view shows it (what hit testing and the inspector get).
 *
 * @param space      the address space (table) it belongs to, e.g. {@code full}
 * @param entry      the entry, decoded
 * @param bits       its fields by SDM name, low bits first
 * @param differs    whether it, or anything below it, differs from the compared table at the same place
 * @param sharedWith the other shown table whose walk reaches the same structure frame, or null
 * @param region     the region of the page a leaf maps (host-physical targets), or null
 * @param walk       the walk of the entry's first linear address through its table (x86 only; no
 *                   accessed/dirty side effects), or null
 * @param spaceId    which of the machine's tables {@code space} is (full, restricted, guest, EPT...), or null
 *                   for a table that is none of them (a scenario's own CPU tables)
 */
public record PageTableCell(String space, TableEntry entry, List<EntryBit> bits, boolean differs, String sharedWith,
        String region, WalkResult walk, AddressSpaceId spaceId) {

    public PageTableCell {
        bits = List.copyOf(bits);
    }
}
