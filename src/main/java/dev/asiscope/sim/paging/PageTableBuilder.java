package dev.asiscope.sim.paging;

import dev.asiscope.sim.mem.FrameAllocator;
import dev.asiscope.sim.mem.QwordMemory;

/**
 * Writes x86-64 4-level page tables into simulated memory (host physical, or a guest's physical memory
 * seen through an offset view), allocating table frames as needed, so that the simulator's walker reads real tables. Intermediate entries are P|RW|A (plus U/S
 * when any user mapping lies below), as Linux's {@code _KERNPG_TABLE}/{@code _PAGE_TABLE}; rights are
 * decided at the leaf.
 */
public final class PageTableBuilder {
    private final QwordMemory memory;
    private final FrameAllocator frames;

    public PageTableBuilder(QwordMemory memory, FrameAllocator frames) {
        this.memory = memory;
        this.frames = frames;
    }

    /** A new, empty top-level table (PML4); returns its physical address. */
    public long newRoot() {
        return newTable();
    }

    /** Allocates a table frame and zeroes it (the frame may hold old data, as in a guest's memory). */
    private long newTable() {
        long frame = frames.allocateFrame();
        for (int i = 0; i < 512; i++) {
            memory.writeQword(frame + 8L * i, 0);
        }
        return frame;
    }

    /**
     * Maps {@code [va, va+size)} to {@code [pa, pa+size)} with 4 KiB pages (or 2 MiB pages where both
     * addresses are aligned and {@code large} is true), leaf flags {@code leafFlags} (P is added).
     */
    public void map(long root, long va, long pa, long size, long leafFlags, boolean large) {
        map(root, va, pa, size, leafFlags, large ? PageSize.SIZE_2M : PageSize.SIZE_4K);
    }

    /**
     * Maps {@code [va, va+size)} to {@code [pa, pa+size)} with the largest pages up to {@code largest}
     * that fit: a 1 GiB or 2 MiB page where both addresses are aligned to it and the rest of the range
     * covers it, 4 KiB pages elsewhere (as Linux's direct map does). Leaf flags {@code leafFlags} (P is
     * added, and PS for a large page: SDM Vol. 3A 4.5, tables 4-16 and 4-18).
     */
    public void map(long root, long va, long pa, long size, long leafFlags, PageSize largest) {
        long end = va + size;
        while (Long.compareUnsigned(va, end) < 0) {
            PageSize ps = PageSize.SIZE_4K;
            for (PageSize candidate : new PageSize[] {PageSize.SIZE_1G, PageSize.SIZE_2M}) {
                long mask = candidate.offsetMask();
                if (candidate.compareTo(largest) <= 0 && (va & mask) == 0 && (pa & mask) == 0
                        && Long.compareUnsigned(end - va, candidate.bytes()) >= 0) {
                    ps = candidate;
                    break;
                }
            }
            mapOne(root, va, pa, ps, leafFlags);
            va += ps.bytes();
            pa += ps.bytes();
        }
    }

    /** Maps one page of size {@code ps}. */
    public void mapOne(long root, long va, long pa, PageSize ps, long leafFlags) {
        boolean user = (leafFlags & PageTableEntry.US) != 0;
        long table = root;
        int leafShift = ps.shift();
        for (int shift = 39; shift > leafShift; shift -= 9) {
            long entryAddr = table + 8 * ((va >>> shift) & 0x1ff);
            long e = memory.readQword(entryAddr);
            if ((e & PageTableEntry.P) == 0) {
                long next = newTable();
                e = next | PageTableEntry.P | PageTableEntry.RW | PageTableEntry.A;
            }
            if (user) {
                e |= PageTableEntry.US;
            }
            memory.writeQword(entryAddr, e);
            table = e & PageTableEntry.ADDRESS_FIELD;
        }
        long leaf = pa | leafFlags | PageTableEntry.P;
        if (ps != PageSize.SIZE_4K) {
            // PS=1 makes a PDPTE/PDE a leaf; bit 7 of a 4 KiB PTE would be PAT instead (SDM 4.5).
            leaf |= PageTableEntry.PS;
        }
        memory.writeQword(table + 8 * ((va >>> leafShift) & 0x1ff), leaf);
    }

    /**
     * The physical address of the leaf entry for {@code va} (4 KiB level), creating the tables above it;
     * used to plant a not-present PTE (L1TF) at a known place.
     */
    public long leafEntryAddress(long root, long va) {
        long table = root;
        for (int shift = 39; shift > 12; shift -= 9) {
            long entryAddr = table + 8 * ((va >>> shift) & 0x1ff);
            long e = memory.readQword(entryAddr);
            if ((e & PageTableEntry.P) == 0) {
                long next = newTable();
                e = next | PageTableEntry.P | PageTableEntry.RW | PageTableEntry.US | PageTableEntry.A;
                memory.writeQword(entryAddr, e);
            }
            table = e & PageTableEntry.ADDRESS_FIELD;
        }
        return table + 8 * ((va >>> 12) & 0x1ff);
    }

    /** Copies top-level entry {@code index} of {@code from} into {@code to} (shared lower tables). */
    public void shareTopLevel(long from, long to, int index) {
        memory.writeQword(to + 8L * index, memory.readQword(from + 8L * index));
    }
}
