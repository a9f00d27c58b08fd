package dev.asiscope.sim.vmx;

import dev.asiscope.sim.mem.FrameAllocator;
import dev.asiscope.sim.paging.PageTableBuilder;
import dev.asiscope.sim.mem.OffsetMemory;
import dev.asiscope.sim.mem.PhysicalMemory;
import dev.asiscope.sim.paging.PageTableEntry;

/**
 * One VM's memory as the simulator lays it out: guest-physical memory {@code [0, size)} backed by one
 * contiguous host-physical block, EPT tables in host memory, and guest page tables in guest memory
 * that map guest-virtual = guest-physical for the guest kernel. Fixed guest addresses:
 * <ul>
 *   <li>{@link #PROBE_BASE}: the 256-page probe array of flush+reload attacks;</li>
 *   <li>{@link #WORKING_SET_BASE}: lines the guest's computation touches;</li>
 *   <li>{@link #SCRATCH_VA}: an unmapped page whose PTE an L1TF attacker rewrites.</li>
 * </ul>
 *
 * @param vm            VM id
 * @param hostBase      host-physical base of guest memory
 * @param size          bytes of guest memory
 * @param eptRoot       host-physical address of the EPT PML4
 * @param guestCr3      guest-physical address of the guest's PML4
 * @param scratchPteGpa guest-physical address of the scratch page's PTE
 */
public record GuestLayout(int vm, long hostBase, long size, long eptRoot, long guestCr3, long scratchPteGpa) {
    public static final long PROBE_BASE = 0x10_0000;
    public static final long WORKING_SET_BASE = 0x20_0000;
    public static final long SCRATCH_VA = 0x4000_0000L;
    /** Guest page tables live in guest-physical [0x1000, 0x80000). */
    private static final long TABLE_POOL_END = 0x8_0000;
    public static final long MIN_SIZE = 0x40_0000;

    /** Builds EPT and guest page tables for a VM whose memory starts at {@code hostBase}. */
    public static GuestLayout build(int vm, PhysicalMemory host, FrameAllocator hostFrames, long hostBase,
            long size) {
        if (size < MIN_SIZE) {
            throw new IllegalArgumentException("VM " + vm + " needs at least 4 MiB of memory");
        }
        long eptRoot = hostFrames.allocateFrame();
        Ept.map(host, hostFrames, eptRoot, 0, hostBase, size);
        OffsetMemory guestPhysical = new OffsetMemory(host, hostBase);
        FrameAllocator guestFrames = new FrameAllocator(0x1000, TABLE_POOL_END);
        PageTableBuilder tables = new PageTableBuilder(guestPhysical, guestFrames);
        long root = tables.newRoot();
        tables.map(root, 0, 0, size, PageTableEntry.RW | PageTableEntry.A | PageTableEntry.D, false);
        long scratchPte = tables.leafEntryAddress(root, SCRATCH_VA);
        return new GuestLayout(vm, hostBase, size, eptRoot, root, scratchPte);
    }

    /** Host-physical address of guest-physical {@code gpa} (guest memory is contiguous). */
    public long hostPhysical(long gpa) {
        return hostBase + gpa;
    }
}
