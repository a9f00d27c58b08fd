package dev.asiscope.sim.tables;

import dev.asiscope.sim.paging.PagingLevel;

/**
 * Where two trees of the same format differ, entry by entry, at the same place of the address space
 * (same level and linear address). Accessed and dirty flags are ignored: the CPU sets them in each table
 * as it walks it, so they differ between tables that map the same thing. A structure the two trees
 * share (same frame) never differs from itself.
 */
public final class TableDiff {
    private final PageTableTree a;
    private final PageTableTree b;

    public TableDiff(PageTableTree a, PageTableTree b) {
        if (a.space().format() != b.space().format()) {
            throw new IllegalArgumentException(a.space().name() + " and " + b.space().name()
                    + " have different entry formats");
        }
        this.a = a;
        this.b = b;
    }

    /**
     * The structure of the other tree at the same place as {@code structure} of tree {@code a}, or null
     * when the other tree's walk stops above that level.
     */
    public PagingStructure counterpart(PagingStructure structure) {
        return b.structureAt(structure.level(), structure.linearBase());
    }

    /**
     * Whether entry {@code index} of {@code structure} (a structure of the first tree) differs from the
     * other tree's entry at the same place. For a table entry, "differs" means the entries differ, not
     * that something below differs; use {@link #subtreeDiffers} for that.
     */
    public boolean entryDiffers(PagingStructure structure, int index) {
        PagingStructure other = counterpart(structure);
        long mine = a.space().format().withoutAccessedDirty(structure.raw(index));
        if (other == null) {
            return mine != 0;
        }
        if (other.address() == structure.address() && sameDomain()) {
            return false;
        }
        long theirs = b.space().format().withoutAccessedDirty(other.raw(index));
        if (structure.level() != PagingLevel.PT && mine != 0 && theirs != 0
                && a.space().format().isPresent(mine) && a.space().format().isPresent(theirs)
                && !a.space().format().isLeaf(structure.level(), mine)
                && !a.space().format().isLeaf(structure.level(), theirs)) {
            // two table references: the frames differ by construction; compare their flags only
            long flagsMask = ~dev.asiscope.sim.paging.PageTableEntry.ADDRESS_FIELD;
            return (mine & flagsMask) != (theirs & flagsMask);
        }
        return mine != theirs;
    }

    /** Whether anything at or below entry {@code index} of {@code structure} differs in the other tree. */
    public boolean subtreeDiffers(PagingStructure structure, int index) {
        if (entryDiffers(structure, index)) {
            return true;
        }
        int child = structure.child(index);
        if (child < 0) {
            return false;
        }
        PagingStructure c = a.structures().get(child);
        PagingStructure other = counterpart(c);
        if (other != null && other.address() == c.address() && sameDomain()) {
            return false;
        }
        for (int i = 0; i < 512; i++) {
            if ((c.raw(i) != 0 || (other != null && other.raw(i) != 0)) && subtreeDiffers(c, i)) {
                return true;
            }
        }
        return false;
    }

    private boolean sameDomain() {
        return a.space().domain().equals(b.space().domain());
    }
}
