package dev.asiscope.sim.paging;

/**
 * The architectural state a linear-address translation depends on. Immutable; use the {@code with*}
 * methods to derive changed copies.
 *
 * @param cr0Wp   CR0.WP (bit 16): supervisor writes honour read-only pages
 * @param cr3     the whole CR3 value: root table address in bits 51:12, PCID in bits 11:0 when PCIDE
 * @param cr4Pge  CR4.PGE (bit 7): global pages
 * @param cr4La57 CR4.LA57 (bit 12): 5-level paging
 * @param cr4Pcide CR4.PCIDE (bit 17): process-context identifiers
 * @param cr4Smep CR4.SMEP (bit 20)
 * @param cr4Smap CR4.SMAP (bit 21)
 * @param cr4Pke  CR4.PKE (bit 22): protection keys for user-mode pages
 * @param eferNxe IA32_EFER.NXE (bit 11): execute-disable bit enabled
 * @param rflagsAc RFLAGS.AC (bit 18): overrides SMAP for explicit supervisor data accesses
 * @param pkru    the PKRU register (AD = bit 2k, WD = bit 2k+1 for key k)
 */
public record ControlRegisters(
        boolean cr0Wp,
        long cr3,
        boolean cr4Pge,
        boolean cr4La57,
        boolean cr4Pcide,
        boolean cr4Smep,
        boolean cr4Smap,
        boolean cr4Pke,
        boolean eferNxe,
        boolean rflagsAc,
        int pkru) {

    /** CR3 bits 51:12 hold the root table's physical address (further masked by MAXPHYADDR). */
    public static final long CR3_ADDRESS_MASK = 0x000F_FFFF_FFFF_F000L;
    /** CR3 bit 63 on a MOV to CR3: do not invalidate the new PCID's TLB entries. */
    public static final long CR3_NOFLUSH = 1L << 63;

    /** The defaults of a modern Linux host: WP, PGE, SMEP, SMAP, NXE on; PCIDE, LA57, PKE off. */
    public static ControlRegisters linuxDefaults(long cr3) {
        return new ControlRegisters(true, cr3, true, false, false, true, true, false, true, false, 0);
    }

    /** Physical address of the root paging structure (PML4 or PML5). */
    public long rootTable() {
        return cr3 & CR3_ADDRESS_MASK;
    }

    /** The current PCID: CR3 bits 11:0 when CR4.PCIDE=1, otherwise 0. */
    public int pcid() {
        return cr4Pcide ? (int) (cr3 & 0xfff) : 0;
    }

    /** Width of a canonical linear address: 57 with LA57, else 48. */
    public int linearAddressBits() {
        return cr4La57 ? 57 : 48;
    }

    public ControlRegisters withCr3(long value) {
        return new ControlRegisters(cr0Wp, value & ~CR3_NOFLUSH, cr4Pge, cr4La57, cr4Pcide, cr4Smep, cr4Smap, cr4Pke,
                eferNxe, rflagsAc, pkru);
    }

    public ControlRegisters withRflagsAc(boolean ac) {
        return new ControlRegisters(cr0Wp, cr3, cr4Pge, cr4La57, cr4Pcide, cr4Smep, cr4Smap, cr4Pke, eferNxe, ac,
                pkru);
    }

    public ControlRegisters withPkru(int value) {
        return new ControlRegisters(cr0Wp, cr3, cr4Pge, cr4La57, cr4Pcide, cr4Smep, cr4Smap, cr4Pke, eferNxe,
                rflagsAc, value);
    }

    public ControlRegisters withCr4(boolean pge, boolean la57, boolean pcide, boolean smep, boolean smap,
            boolean pke) {
        return new ControlRegisters(cr0Wp, cr3, pge, la57, pcide, smep, smap, pke, eferNxe, rflagsAc, pkru);
    }
}
