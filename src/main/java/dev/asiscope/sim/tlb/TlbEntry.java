package dev.asiscope.sim.tlb;

import dev.asiscope.sim.paging.PageSize;
import java.util.Objects;

/**
 * One cached translation: a page number of one page size mapped to a page frame, with the access rights and
 * attributes the SDM lets a TLB keep (Vol. 3A 4.10.2.2: the AND of the R/W and U/S flags, the OR of the XD flags,
 * the protection key, and the dirty flag of the leaf).
 *
 * <p>Invariants, checked by the constructor:
 * <ul>
 *   <li>{@code vpid} is a 16-bit VPID; 0 is the host (VMX root operation, or a guest run without VPIDs).</li>
 *   <li>{@code pcid} is a 12-bit PCID: the PCID that was current when the entry was created (SDM 4.10.2.2: "any
 *       TLB entries created by a logical processor are associated with the current PCID"). It is 0 when
 *       CR4.PCIDE = 0. A global entry keeps its PCID too; it is only <em>used</em> for any PCID (SDM 4.10.2.4).</li>
 *   <li>{@code linearBase} is aligned to {@code pageSize} and canonical for 57-bit linear addresses (bits 63:56
 *       all equal), so a 48-bit canonical address is accepted as well.</li>
 *   <li>{@code physicalBase} is aligned to {@code pageSize} and below 2<sup>52</sup>.</li>
 *   <li>{@code protectionKey} is in 0..15.</li>
 * </ul>
 * {@code global} must be true only when the leaf's G flag was 1 <em>and</em> CR4.PGE was 1 at fill time (SDM
 * 4.10.2.4: global pages exist only "when the PGE flag (bit 7) is 1 in CR4"); the walker, which knows CR4, is
 * responsible for that. {@code executable} is the inverse of the ORed XD flags (true when EFER.NXE = 0).
 *
 * @param vpid          virtual-processor identifier tag (0 = host)
 * @param pcid          process-context identifier the entry was created under
 * @param linearBase    first linear address of the page (page number &lt;&lt; page shift)
 * @param pageSize      4 KiB, 2 MiB or 1 GiB
 * @param physicalBase  first physical address of the page frame
 * @param writable      AND of R/W over the walk
 * @param user          AND of U/S over the walk
 * @param executable    not XD (NOT of the OR of XD over the walk, when EFER.NXE = 1)
 * @param global        G flag of the leaf with CR4.PGE = 1
 * @param dirty         D flag of the leaf as cached (a write through a non-dirty entry must walk to set D, SDM 4.8)
 * @param protectionKey the leaf's protection key (bits 62:59)
 */
public record TlbEntry(
        int vpid,
        int pcid,
        long linearBase,
        PageSize pageSize,
        long physicalBase,
        boolean writable,
        boolean user,
        boolean executable,
        boolean global,
        boolean dirty,
        int protectionKey) {

    /** Largest VPID (16 bits). */
    public static final int MAX_VPID = 0xFFFF;
    /** Largest PCID (12 bits). */
    public static final int MAX_PCID = 0xFFF;
    /** Physical addresses are at most 52 bits wide. */
    public static final long MAX_PHYSICAL_EXCLUSIVE = 1L << 52;

    public TlbEntry {
        Objects.requireNonNull(pageSize, "pageSize");
        if (vpid < 0 || vpid > MAX_VPID) {
            throw new IllegalArgumentException("vpid out of range 0..0xFFFF: " + vpid);
        }
        if (pcid < 0 || pcid > MAX_PCID) {
            throw new IllegalArgumentException("pcid out of range 0..0xFFF: " + pcid);
        }
        if ((linearBase & pageSize.offsetMask()) != 0) {
            throw new IllegalArgumentException(
                    "linear base 0x" + Long.toHexString(linearBase) + " not aligned to " + pageSize);
        }
        if ((linearBase << 7) >> 7 != linearBase) {
            throw new IllegalArgumentException("linear base 0x" + Long.toHexString(linearBase) + " not canonical");
        }
        if ((physicalBase & pageSize.offsetMask()) != 0 || physicalBase < 0
                || physicalBase >= MAX_PHYSICAL_EXCLUSIVE) {
            throw new IllegalArgumentException(
                    "physical base 0x" + Long.toHexString(physicalBase) + " not an aligned 52-bit " + pageSize
                            + " frame");
        }
        if (protectionKey < 0 || protectionKey > 15) {
            throw new IllegalArgumentException("protection key out of range 0..15: " + protectionKey);
        }
    }

    /** Whether this entry's page contains {@code linearAddress} (tags are not compared). */
    public boolean covers(long linearAddress) {
        return (linearAddress & ~pageSize.offsetMask()) == linearBase;
    }

    /** The physical address {@code linearAddress} translates to; only meaningful if {@link #covers} is true. */
    public long physicalAddress(long linearAddress) {
        return physicalBase | (linearAddress & pageSize.offsetMask());
    }

    /** The page number: the linear base shifted right by the page size (unsigned). */
    public long pageNumber() {
        return linearBase >>> pageSize.shift();
    }

    /** Whether a lookup by ({@code vpid}, {@code pcid}) may use this entry: same VPID, and same PCID or global. */
    public boolean matchesContext(int vpid, int pcid) {
        return this.vpid == vpid && (this.pcid == pcid || global);
    }

    /** A copy with the dirty flag changed (the refill after a walk that set D). */
    public TlbEntry withDirty(boolean d) {
        return new TlbEntry(vpid, pcid, linearBase, pageSize, physicalBase, writable, user, executable, global, d,
                protectionKey);
    }

    @Override
    public String toString() {
        return String.format("TlbEntry[vpid=%d pcid=0x%03x %s 0x%x->0x%x %s%s%s%s%s pk=%d]", vpid, pcid,
                pageSize, linearBase, physicalBase, writable ? "W" : "R", user ? "U" : "S", executable ? "X" : "-",
                global ? "G" : "", dirty ? "D" : "", protectionKey);
    }
}
