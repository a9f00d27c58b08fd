package dev.asiscope.sim.tables;

import dev.asiscope.sim.paging.PageSize;
import dev.asiscope.sim.paging.PageTableEntry;
import dev.asiscope.sim.paging.PagingLevel;
import java.util.ArrayList;
import java.util.List;

/**
 * The two entry formats of x86 translation structures and how to read them: IA-32e (4/5-level) paging
 * entries (Intel SDM Vol. 3A 4.5, tables 4-14 to 4-20) and EPT entries (SDM Vol. 3C 29.3.2, tables 29-1 to
 * 29-6). The rules are those of {@link dev.asiscope.sim.paging.PageWalker} and
 * {@link dev.asiscope.sim.vmx.Ept}, so a tree read with them reaches exactly the pages a walk reaches.
 */
public enum EntryFormat {
    /** IA-32e paging entries, as CR3 (or a guest's CR3) points to them. */
    X86("x86"),
    /** Extended-page-table entries, as the EPT pointer points to them. */
    EPT("ept");

    /** SDM 4.5: bits 20:13 of a 2 MiB PDE are reserved (bit 12 is PAT). */
    private static final long X86_RESERVED_2M = 0x0000_0000_001F_E000L;
    /** SDM 4.5: bits 29:13 of a 1 GiB PDPTE are reserved. */
    private static final long X86_RESERVED_1G = 0x0000_0000_3FFF_E000L;
    /** SDM 29.3.2: bits 20:12 of an EPT 2 MiB PDE and 29:12 of a 1 GiB PDPTE are reserved (no PAT bit). */
    private static final long EPT_RESERVED_2M = 0x0000_0000_001F_F000L;
    private static final long EPT_RESERVED_1G = 0x0000_0000_3FFF_F000L;
    /** SDM 29.3.2: bits 7:3 of an EPT entry that references a table are reserved. */
    private static final long EPT_RESERVED_NONLEAF = 0xF8L;
    /** Accessed and dirty flags, which hardware sets per table; ignored when two mappings are compared. */
    private static final long X86_AD = PageTableEntry.A | PageTableEntry.D;
    private static final long EPT_AD = (1L << 8) | (1L << 9);

    private final String id;

    EntryFormat(String id) {
        this.id = id;
    }

    /** Lower-case name used in JSON. */
    public String id() {
        return id;
    }

    /** Whether a walk continues past this entry (x86: P=1; EPT: any of bits 2:0 set). */
    public boolean isPresent(long raw) {
        return this == X86 ? (raw & PageTableEntry.P) != 0 : (raw & 7) != 0;
    }

    /** Whether a present entry at {@code level} maps a page (PT level, or PS=1 at PD/PDPT). */
    public boolean isLeaf(PagingLevel level, long raw) {
        return level == PagingLevel.PT
                || ((level == PagingLevel.PD || level == PagingLevel.PDPT) && (raw & PageTableEntry.PS) != 0);
    }

    /**
     * The bits that must be 0 in a present entry (x86: SDM 4.5 and the RSVD rules of 4.7; EPT: 29.3.3.1
     * misconfigurations, of which the write-without-read case is also reported here).
     *
     * @param frameMask bits 51:12 below MAXPHYADDR
     * @param nxe       IA32_EFER.NXE (x86 only: XD is reserved when it is 0)
     */
    long reservedBits(PagingLevel level, long raw, long frameMask, boolean nxe) {
        long reserved = PageTableEntry.ADDRESS_FIELD & ~frameMask;
        boolean ps = (raw & PageTableEntry.PS) != 0;
        if (this == X86) {
            if (!nxe) {
                reserved |= PageTableEntry.XD;
            }
            switch (level) {
                case PML5, PML4 -> reserved |= PageTableEntry.PS;
                case PDPT -> reserved |= ps ? X86_RESERVED_1G : 0;
                case PD -> reserved |= ps ? X86_RESERVED_2M : 0;
                default -> { }
            }
            return reserved;
        }
        switch (level) {
            case PML5, PML4 -> reserved |= EPT_RESERVED_NONLEAF;
            case PDPT -> reserved |= ps ? EPT_RESERVED_1G : EPT_RESERVED_NONLEAF;
            case PD -> reserved |= ps ? EPT_RESERVED_2M : EPT_RESERVED_NONLEAF;
            default -> { }
        }
        if ((raw & 3) == 2) { // write without read: EPT misconfiguration (SDM 29.3.3.1)
            reserved |= 2;
        }
        return reserved;
    }

    /** The physical address an entry points to: the next table, or the base of the page it maps. */
    public long target(PagingLevel level, long raw, boolean leaf, long frameMask) {
        long address = raw & frameMask;
        return leaf ? address & ~PageSize.ofLeafLevel(level).offsetMask() : address;
    }

    /** {@code raw} without the accessed/dirty flags, which the CPU sets per table as it uses entries. */
    public long withoutAccessedDirty(long raw) {
        return raw & ~(this == X86 ? X86_AD : EPT_AD);
    }

    /** The flags that are set, by SDM name, in bit order (e.g. {@code P R/W A D PS XD}). */
    public List<String> setFlags(PagingLevel level, long raw) {
        List<String> names = new ArrayList<>();
        for (EntryBit b : fields(level, raw)) {
            if (b.value() != 0 && !b.name().equals("address")) {
                names.add(b.low() == b.high() ? b.name() : b.name() + "=" + b.value());
            }
        }
        return names;
    }

    /**
     * Every field of the entry with its value, low bits first (for an inspector): the fields the SDM defines
     * for an entry of this format at {@code level}, leaf or not. What each value means is worded outside the
     * engine ({@code scenario.EntryBitText}).
     */
    public List<EntryBit> fields(PagingLevel level, long raw) {
        List<EntryBit> f = new ArrayList<>();
        boolean leaf = isPresent(raw) && isLeaf(level, raw);
        boolean largeCapable = level == PagingLevel.PD || level == PagingLevel.PDPT;
        if (this == X86) {
            flag(f, raw, 0, "P", level, leaf);
            flag(f, raw, 1, "R/W", level, leaf);
            flag(f, raw, 2, "U/S", level, leaf);
            flag(f, raw, 3, "PWT", level, leaf);
            flag(f, raw, 4, "PCD", level, leaf);
            flag(f, raw, 5, "A", level, leaf);
            flag(f, raw, 6, "D", level, leaf);
            flag(f, raw, 7, level == PagingLevel.PT ? "PAT" : "PS", level, leaf);
            flag(f, raw, 8, "G", level, leaf);
            if (leaf && level != PagingLevel.PT) {
                flag(f, raw, 12, "PAT", level, leaf);
            }
            f.add(new EntryBit("address", 12, 51, (raw & PageTableEntry.ADDRESS_FIELD) >>> 12, this, level, leaf));
            if (leaf) {
                f.add(new EntryBit("PK", 59, 62, PageTableEntry.protectionKey(raw), this, level, leaf));
            }
            flag(f, raw, 63, "XD", level, leaf);
        } else {
            flag(f, raw, 0, "R", level, leaf);
            flag(f, raw, 1, "W", level, leaf);
            flag(f, raw, 2, "X", level, leaf);
            if (leaf) {
                f.add(new EntryBit("MT", 3, 5, (raw >>> 3) & 7, this, level, leaf));
                flag(f, raw, 6, "IPAT", level, leaf);
            }
            if (largeCapable || level == PagingLevel.PML4) {
                flag(f, raw, 7, "PS", level, leaf);
            }
            flag(f, raw, 8, "A", level, leaf);
            if (leaf) {
                flag(f, raw, 9, "D", level, leaf);
            }
            flag(f, raw, 10, "XU", level, leaf);
            f.add(new EntryBit("address", 12, 51, (raw & PageTableEntry.ADDRESS_FIELD) >>> 12, this, level, leaf));
            if (leaf) {
                flag(f, raw, 63, "SVE", level, leaf);
            }
        }
        return f;
    }

    /** A one-bit field: the value of bit {@code bit} of {@code raw}. */
    private void flag(List<EntryBit> f, long raw, int bit, String name, PagingLevel level, boolean leaf) {
        f.add(new EntryBit(name, bit, bit, (raw >>> bit) & 1, this, level, leaf));
    }
}
