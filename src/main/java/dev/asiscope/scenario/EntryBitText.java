package dev.asiscope.scenario;

import dev.asiscope.sim.paging.PagingLevel;
import dev.asiscope.sim.tables.EntryBit;
import dev.asiscope.sim.tables.EntryFormat;

/**
 * What a field of a paging-structure entry ({@link EntryBit}) means, in a few words, as the inspector shows
 * it: IA-32e paging entries per Intel SDM Vol. 3A 4.5 (tables 4-14 to 4-20), EPT entries per SDM Vol. 3C
 * 29.3.2 (tables 29-1 to 29-6). For a flag, the words say what its value (1 or 0) does.
 */
public final class EntryBitText {
    private EntryBitText() {
    }

    /** The field's bit range as the SDM writes it: {@code 7} or {@code 62:59}. */
    public static String range(EntryBit b) {
        return b.low() == b.high() ? Integer.toString(b.low()) : b.high() + ":" + b.low();
    }

    /** What the field's value means in its entry, e.g. {@code "present: a walk may use this entry"}. */
    public static String meaning(EntryBit b) {
        return b.format() == EntryFormat.X86 ? x86(b) : ept(b);
    }

    private static String x86(EntryBit b) {
        boolean set = b.value() != 0;
        return switch (b.name()) {
            case "P" -> set ? "present: a walk may use this entry"
                    : "not present: a walk stops here with a page fault; the CPU ignores every other bit";
            case "R/W" -> set ? "writes allowed (if every level allows them)"
                    : "read-only: writes are not allowed to the region it controls";
            case "U/S" -> set ? "user: user-mode (CPL 3) accesses allowed (if every level allows them)"
                    : "supervisor: user-mode (CPL 3) accesses are not allowed";
            case "PWT" -> set ? "page-level write-through" : "write-back (no page-level write-through)";
            case "PCD" -> set ? "page-level cache disable" : "cacheable (no page-level cache disable)";
            case "A" -> set ? "accessed: a walk has used the entry" : "not accessed yet: no walk has used the entry";
            case "D" -> !b.leaf() ? "ignored (not a leaf)"
                    : set ? "dirty: the page has been written" : "clean: the page has not been written";
            case "PAT" -> "selects the PAT memory type, with PCD and PWT";
            case "PS" -> largeCapable(b.level()) ? pageSize(b) : "reserved (must be 0) at this level";
            case "G" -> !b.leaf() ? "ignored (not a leaf)"
                    : set ? "global: the TLB entry survives CR3 writes (CR4.PGE)"
                    : "not global: a CR3 write without PCIDs flushes the TLB entry";
            case "address" -> b.leaf() ? "page frame number" : "physical frame of the next table";
            case "PK" -> "protection key (CR4.PKE)";
            case "XD" -> set ? "execute-disable: instruction fetches not allowed (IA32_EFER.NXE)"
                    : "instruction fetches allowed (if every level allows them)";
            default -> throw new IllegalArgumentException("no x86 entry field " + b.name());
        };
    }

    private static String ept(EntryBit b) {
        boolean set = b.value() != 0;
        return switch (b.name()) {
            case "R" -> set ? "reads allowed" : "reads not allowed (R=0 with W=0 and X=0: not present)";
            case "W" -> set ? "writes allowed" : "writes not allowed";
            case "X" -> set ? "instruction fetches allowed" : "instruction fetches not allowed";
            case "MT" -> "EPT memory type (6 = write-back)";
            case "IPAT" -> set ? "ignore the guest PAT memory type" : "combine with the guest PAT memory type";
            case "PS" -> largeCapable(b.level()) ? pageSize(b) : "reserved (must be 0)";
            case "A" -> set ? "accessed (when EPTP bit 6 enables A/D flags)"
                    : "not accessed (when EPTP bit 6 enables A/D flags)";
            case "D" -> set ? "dirty (when EPTP bit 6 enables A/D flags)" : "clean (when EPTP bit 6 enables A/D flags)";
            case "XU" -> set ? "execute allowed for user-mode linear addresses (mode-based execute control)"
                    : "no execute for user-mode linear addresses (with mode-based execute control)";
            case "address" -> b.leaf() ? "host-physical page frame number" : "host-physical frame of the next table";
            case "SVE" -> set ? "suppress #VE" : "EPT violations may become #VE";
            default -> throw new IllegalArgumentException("no EPT entry field " + b.name());
        };
    }

    private static boolean largeCapable(PagingLevel level) {
        return level == PagingLevel.PD || level == PagingLevel.PDPT;
    }

    /** PS at a level that can map a large page: maps one here (1), or points to the next table (0). */
    private static String pageSize(EntryBit b) {
        String size = b.level() == PagingLevel.PD ? "2 MiB" : "1 GiB";
        return b.value() != 0 ? "page size: maps a " + size + " page here" : "points to the next table (no " + size
                + " page)";
    }
}
