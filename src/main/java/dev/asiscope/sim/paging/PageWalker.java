package dev.asiscope.sim.paging;

import dev.asiscope.sim.mem.QwordMemory;

/**
 * The x86-64 linear-address translation of Intel SDM Vol. 3A chapter 4: 4-level paging (48-bit linear
 * addresses) and 5-level paging (CR4.LA57, 57-bit), 4 KiB, 2 MiB and 1 GiB pages, reserved-bit
 * checks (4.5), access rights with CR0.WP, SMEP, SMAP/RFLAGS.AC, execute-disable and protection keys
 * (4.6), page-fault error codes (4.7) and accessed/dirty flags (4.8).
 *
 * <p>A walker is stateless apart from MAXPHYADDR and may be shared between threads. It has no TLB and no
 * paging-structure caches: every call walks memory from the root.
 *
 * <p>Modelling choices, where the architecture leaves room or the simulator simplifies:
 * <ul>
 *   <li>CR3 bits at or above MAXPHYADDR are ignored (masked off the root address). On hardware a MOV to
 *       CR3 with such bits would #GP, so a walk never sees them; {@link ControlRegisters} is a plain
 *       record, so the walker masks rather than inventing a fault the SDM does not define for a walk.</li>
 *   <li>A and D flags are written only when the whole translation succeeds, and each changed entry is
 *       written once. Hardware sets A in each entry as it uses it, so upper-level A flags may already be
 *       set when a lower level faults; the simulator keeps faulting walks free of side effects.</li>
 *   <li>Only explicit accesses are modelled (see {@link AccessRights}); CR4.PKS, shadow stacks, LAM,
 *       HLAT and SGX are not. 1 GiB pages are assumed to be supported (CPUID PDPE1GB).</li>
 * </ul>
 */
public final class PageWalker {
    private static final long P = PageTableEntry.P;
    private static final long PS = PageTableEntry.PS;
    private static final long A = PageTableEntry.A;
    private static final long D = PageTableEntry.D;
    /** SDM 4.5 (PDE format): bits 20:13 of a PDE that maps a 2 MiB page are reserved (bit 12 is PAT). */
    private static final long RESERVED_2M = 0x0000_0000_001F_E000L;
    /** SDM 4.5 (PDPTE format): bits 29:13 of a PDPTE that maps a 1 GiB page are reserved (bit 12 is PAT). */
    private static final long RESERVED_1G = 0x0000_0000_3FFF_E000L;
    /** Cached once: {@code PagingLevel.values()} (and so {@code next()}) clones an array on every call. */
    private static final PagingLevel[] LEVELS = PagingLevel.values();

    private final int maxPhysAddr;
    /** Physical-address bits 51:12 below MAXPHYADDR: the usable part of an entry's address field. */
    private final long frameMask;
    /** Physical-address bits 51:MAXPHYADDR: reserved in every present entry (SDM 4.5). */
    private final long aboveMaxPhys;

    /**
     * @param maxPhysAddr MAXPHYADDR, the physical-address width (CPUID.80000008H:EAX[7:0]); 36 to 52
     * @throws IllegalArgumentException if {@code maxPhysAddr} is outside 36..52
     */
    public PageWalker(int maxPhysAddr) {
        if (maxPhysAddr < 36 || maxPhysAddr > 52) {
            throw new IllegalArgumentException("MAXPHYADDR must be 36..52, got " + maxPhysAddr);
        }
        this.maxPhysAddr = maxPhysAddr;
        long below = (1L << maxPhysAddr) - 1;
        this.frameMask = PageTableEntry.ADDRESS_FIELD & below;
        this.aboveMaxPhys = PageTableEntry.ADDRESS_FIELD & ~below;
    }

    /** MAXPHYADDR, the physical-address width this walker enforces. */
    public int maxPhysAddr() {
        return maxPhysAddr;
    }

    /**
     * One architectural translation of {@code linearAddress}.
     *
     * <p>Order of checks, as on hardware: canonicality (no memory is read for a non-canonical address);
     * then, top level first, read the entry, fault if P=0, fault if a reserved bit is set; at the leaf,
     * check access rights on the rights combined over all levels. Results:
     * <ul>
     *   <li>non-canonical: {@link PageFault.Kind#NON_CANONICAL}, error code 0, level null, no steps;</li>
     *   <li>P=0 or reserved bit (a <em>terminal</em> fault): level = that entry's level, steps up to and
     *       including it, {@code terminalPhysicalAddress} = the entry's bits 51:12 as stored (not masked
     *       to MAXPHYADDR, because an L1TF speculative load uses them as they are) | linear bits 11:0;
     *       rights, global, key and dirty are false/0;</li>
     *   <li>access-rights violation: level null (the check is on combined rights), all steps, rights,
     *       global, key and dirty of the leaf as read, physical address -1;</li>
     *   <li>success: physical address, page size, rights, leaf G, leaf key (raw bits 62:59, whether or
     *       not CR4.PKE or the page's U/S make it meaningful) and leaf D after the access.</li>
     * </ul>
     *
     * @param cr               the control registers the translation depends on
     * @param linearAddress    the address to translate
     * @param type             read, write or instruction fetch
     * @param user             true for a user-mode (CPL 3) access, false for an explicit supervisor access
     * @param memory           where paging-structure entries are read, one 8-byte read per level, top level
     *                         first
     * @param setAccessedDirty when true and the translation succeeds, set A in every entry used and D in
     *                         the leaf for a write, writing each changed entry once through
     *                         {@link QwordMemory#writeQword} and listing it in
     *                         {@link WalkResult#updates()}; when false, memory is never written
     * @return the outcome; {@link WalkResult#steps()} hold entry values as read, before A/D updates
     */
    public WalkResult walk(ControlRegisters cr, long linearAddress, AccessType type, boolean user,
            QwordMemory memory, boolean setAccessedDirty) {
        WalkBuffer out = new WalkBuffer();
        translate(cr, linearAddress, type, user, memory, setAccessedDirty, out);
        return out.toResult();
    }

    /**
     * The same translation as {@link #walk}, written into a caller-owned buffer instead of a new record: the
     * TLB-miss path, which allocates nothing. {@code out} afterwards holds exactly what {@code walk} would
     * have returned ({@link WalkBuffer#toResult()} builds that record).
     *
     * @return the physical address, or -1 on a fault (also on an access-rights fault)
     */
    public long translate(ControlRegisters cr, long linearAddress, AccessType type, boolean user,
            QwordMemory memory, boolean setAccessedDirty, WalkBuffer out) {
        out.start(linearAddress);
        if (!isCanonical(linearAddress, cr.linearAddressBits())) {
            out.fail(PageFault.Kind.NON_CANONICAL, 0, null);
            return -1;
        }
        // Levels by ordinal (PML5 = 0 .. PT = 4) and index shift: the loop touches no enum on the way down.
        int level = cr.cr4La57() ? PML5_ORDINAL : PML5_ORDINAL + 1;
        int shift = cr.cr4La57() ? 48 : 39;
        long table = cr.rootTable() & frameMask;
        boolean nxe = cr.eferNxe();
        // Reserved in every present entry; RESERVED_IF_PS adds what depends on the level and PS.
        long alwaysReserved = aboveMaxPhys | (nxe ? 0 : PageTableEntry.XD);
        boolean writable = true;
        boolean userPage = true;
        boolean xd = false;
        long entry;
        while (true) {
            long entryAddress = table + ((linearAddress >>> shift) & 0x1ff) * 8L;
            entry = memory.readQword(entryAddress);
            out.addStep(level, entryAddress, entry);
            if ((entry & P) == 0) {
                return terminal(cr, linearAddress, type, user, LEVELS[level], entry, 0, out);
            }
            if ((entry & (alwaysReserved | ((entry & PS) != 0 ? RESERVED_IF_PS[level] : 0))) != 0) {
                return terminal(cr, linearAddress, type, user, LEVELS[level], entry,
                        PageFault.EC_P | PageFault.EC_RSVD, out);
            }
            // SDM 4.6: R/W and U/S restrict when 0 at any level; XD restricts when 1 at any level.
            writable &= (entry & PageTableEntry.RW) != 0;
            userPage &= (entry & PageTableEntry.US) != 0;
            xd |= (entry & PageTableEntry.XD) != 0;
            // PS=1 here means a PDPTE/PDE leaf: PS in a PML5E/PML4E was rejected as reserved above.
            if (level == PT_ORDINAL || (entry & PS) != 0) {
                break;
            }
            table = entry & frameMask;
            level++;
            shift -= 9;
        }

        int key = PageTableEntry.protectionKey(entry);
        out.writable = writable;
        out.user = userPage;
        out.executable = !(nxe && xd);
        out.global = (entry & PageTableEntry.G) != 0;
        out.protectionKey = key;
        int errorCode = AccessRights.check(cr, type, user, writable, userPage, xd, key);
        if (errorCode != 0) {
            out.fail(PageFault.Kind.PAGE_FAULT, errorCode, null);
            out.dirty = (entry & D) != 0;
            return -1;
        }
        PageSize size = level == PT_ORDINAL ? PageSize.SIZE_4K : level == PT_ORDINAL - 1 ? PageSize.SIZE_2M
                : PageSize.SIZE_1G;
        long offset = size.offsetMask();
        long physicalAddress = (entry & frameMask & ~offset) | (linearAddress & offset);
        long leafAfter = setAccessedDirty ? setAccessedDirty(out, type == AccessType.WRITE, memory) : entry;
        out.pageSize = size;
        out.physicalAddress = physicalAddress;
        out.dirty = (leafAfter & D) != 0;
        return physicalAddress;
    }

    /** SDM Vol. 1 3.3.7.1, Vol. 3A 4.5: bits 63:(N-1) of a canonical address are all equal (N = 48 or 57). */
    private static boolean isCanonical(long linearAddress, int bits) {
        long top = linearAddress >> (bits - 1);
        return top == 0 || top == -1;
    }

    /*
     * The bits that must be 0 in a present entry (SDM 4.5 entry-format tables and 4.7 "RSVD flag"):
     * physical-address bits 51:MAXPHYADDR and XD when EFER.NXE=0 at every level (alwaysReserved in
     * translate), plus RESERVED_IF_PS below. Bits 62:52 (software bits and the protection key) are never
     * reserved.
     */

    /**
     * By level ordinal: what PS=1 makes reserved. In a PML5E/PML4E PS itself (no pages that large); in a
     * PDPTE bits 29:13 of the 1 GiB page address, in a PDE bits 20:13 of the 2 MiB one; in a PTE nothing
     * (bit 7 is PAT there).
     */
    private static final long[] RESERVED_IF_PS = {PS, PS, RESERVED_1G, RESERVED_2M, 0};
    private static final int PML5_ORDINAL = PagingLevel.PML5.ordinal();
    private static final int PT_ORDINAL = PagingLevel.PT.ordinal();

    /**
     * A fault at an entry with P=0 ({@code faultBits} 0) or a reserved bit ({@code faultBits} P|RSVD).
     * The terminal physical address keeps all of bits 51:12, including any at or above MAXPHYADDR: for
     * L1TF the CPU forwards them unmasked, which is why Linux inverts the frame bits of non-present PTEs.
     *
     * @return -1 (the walk's result)
     */
    private static long terminal(ControlRegisters cr, long linearAddress, AccessType type, boolean user,
            PagingLevel level, long entry, int faultBits, WalkBuffer out) {
        int errorCode = faultBits | AccessRights.accessBits(cr, type, user);
        out.fail(PageFault.Kind.PAGE_FAULT, errorCode, level);
        out.terminalPhysicalAddress = (entry & PageTableEntry.ADDRESS_FIELD) | (linearAddress & 0xFFF);
        return -1;
    }

    /**
     * SDM 4.8: set A in every entry used and, for a write, D in the leaf. An entry address that occurs at
     * several levels (a recursive/self-referencing table) is written once with the union of the bits its
     * uses need. Entries already carrying the bits are not written.
     *
     * @return the leaf entry's value after the update
     */
    private static long setAccessedDirty(WalkBuffer w, boolean write, QwordMemory memory) {
        int n = w.stepCount;
        // The steady state: every entry already carries the bits its use needs, so nothing is written (an
        // entry read at two levels was read twice with no write between, so it has both uses' bits).
        long[] entries = w.entries;
        boolean allSet = true;
        for (int i = 0; i < n && allSet; i++) {
            long bits = A | (write && i == n - 1 ? D : 0);
            allSet = (entries[i] & bits) == bits;
        }
        if (allSet) {
            return entries[n - 1];
        }
        long[] addresses = w.scratchAddresses;
        long[] before = w.scratchBefore;
        long[] after = w.scratchAfter;
        int unique = 0;
        int leafSlot = 0;
        for (int i = 0; i < n; i++) {
            long entryAddress = w.entryAddresses[i];
            long bits = A | (write && i == n - 1 ? D : 0);
            int slot = 0;
            while (slot < unique && addresses[slot] != entryAddress) {
                slot++;
            }
            if (slot == unique) {
                addresses[slot] = entryAddress;
                before[slot] = w.entries[i];
                after[slot] = w.entries[i];
                unique++;
            }
            after[slot] |= bits;
            leafSlot = slot;
        }
        for (int slot = 0; slot < unique; slot++) {
            if (after[slot] != before[slot]) {
                memory.writeQword(addresses[slot], after[slot]);
                w.updateAddresses[w.updateCount] = addresses[slot];
                w.updateValues[w.updateCount] = after[slot];
                w.updateCount++;
            }
        }
        return after[leafSlot];
    }
}
