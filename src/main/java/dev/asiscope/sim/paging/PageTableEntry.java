package dev.asiscope.sim.paging;

/** Bit positions of x86-64 paging-structure entries (SDM Vol. 3A, 4.5) and small decoders. */
public final class PageTableEntry {
    public static final long P = 1L;
    public static final long RW = 1L << 1;
    public static final long US = 1L << 2;
    public static final long PWT = 1L << 3;
    public static final long PCD = 1L << 4;
    public static final long A = 1L << 5;
    public static final long D = 1L << 6;
    /** PS in a PDE/PDPTE; the PAT bit in a 4 KiB PTE. */
    public static final long PS = 1L << 7;
    public static final long PAT_4K = 1L << 7;
    public static final long G = 1L << 8;
    /** PAT bit of a 2 MiB / 1 GiB leaf. */
    public static final long PAT_LARGE = 1L << 12;
    public static final int PKEY_SHIFT = 59;
    public static final long PKEY_MASK = 0xFL << PKEY_SHIFT;
    public static final long XD = 1L << 63;
    /** Bits 51:12: the physical-address field (before MAXPHYADDR masking). */
    public static final long ADDRESS_FIELD = 0x000F_FFFF_FFFF_F000L;

    private PageTableEntry() {
    }

    /** The 4-bit protection key of a leaf entry. */
    public static int protectionKey(long entry) {
        return (int) ((entry & PKEY_MASK) >>> PKEY_SHIFT);
    }
}
