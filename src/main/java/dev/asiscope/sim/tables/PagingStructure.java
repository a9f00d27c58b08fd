package dev.asiscope.sim.tables;

import dev.asiscope.sim.paging.PagingLevel;

/**
 * One paging-structure frame of a tree: a PML4, PDPT, PD or PT (or their EPT equivalents) as read from
 * memory, with the 512 raw entries copied out. A frame that a tree reaches twice (two entries point to
 * it) is one structure; {@link #linearBase()} is where the tree first reached it.
 */
public final class PagingStructure {
    private final int id;
    private final long address;
    private final PagingLevel level;
    private final long linearBase;
    private final long[] entries;
    /** Child structure ids for TABLE entries (-1 elsewhere); null for a PT, which has no children. */
    private final int[] children;
    private final int parent;
    private final int parentIndex;

    PagingStructure(int id, long address, PagingLevel level, long linearBase, long[] entries, int parent,
            int parentIndex) {
        this.id = id;
        this.address = address;
        this.level = level;
        this.linearBase = linearBase;
        this.entries = entries;
        this.children = level == PagingLevel.PT ? null : new int[512];
        if (children != null) {
            java.util.Arrays.fill(children, -1);
        }
        this.parent = parent;
        this.parentIndex = parentIndex;
    }

    /** Position in {@link PageTableTree#structures()}; the root is 0. */
    public int id() {
        return id;
    }

    /** Physical address of the frame (in the tree's memory domain). */
    public long address() {
        return address;
    }

    public PagingLevel level() {
        return level;
    }

    /** Lowest linear (or guest-physical, for EPT) address the structure translates, where first reached. */
    public long linearBase() {
        return linearBase;
    }

    /** Bytes of address space one entry of this structure covers (512 GiB at PML4 ... 4 KiB at PT). */
    public long entrySpan() {
        return 1L << level.shift();
    }

    /** Raw value of entry {@code index} (0..511). */
    public long raw(int index) {
        return entries[index];
    }

    /** Id of the structure entry {@code index} points to, or -1 when it is not a table reference. */
    public int child(int index) {
        return children == null ? -1 : children[index];
    }

    void setChild(int index, int childId) {
        children[index] = childId;
    }

    /** Id of the structure that first reached this one, or -1 for the root. */
    public int parent() {
        return parent;
    }

    /** Index of the entry in {@link #parent()} that first reached this one, or -1 for the root. */
    public int parentIndex() {
        return parentIndex;
    }

    /** Number of non-zero entries (present ones and non-present ones holding bits, such as an L1TF PTE). */
    public int nonZeroEntries() {
        int n = 0;
        for (long e : entries) {
            if (e != 0) {
                n++;
            }
        }
        return n;
    }
}
