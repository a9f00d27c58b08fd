package dev.asiscope.scenario;

import dev.asiscope.sim.paging.PageTableEntry;

/** A paging-structure entry's flags in the SDM's names (Vol. 3A, 4.5), for the page-walk views and reports. */
public final class PageTableEntryText {
    private PageTableEntryText() {
    }

    /**
     * The flags set in {@code entry}, e.g. {@code "P RW US A XD"}. Bit 7 reads {@code PS} at a level whose
     * entries can map a large page ({@code largeCapableLevel}) and {@code PAT} in a 4 KiB PTE.
     */
    public static String flags(long entry, boolean largeCapableLevel) {
        StringBuilder sb = new StringBuilder();
        append(sb, entry, PageTableEntry.P, "P");
        append(sb, entry, PageTableEntry.RW, "RW");
        append(sb, entry, PageTableEntry.US, "US");
        append(sb, entry, PageTableEntry.PWT, "PWT");
        append(sb, entry, PageTableEntry.PCD, "PCD");
        append(sb, entry, PageTableEntry.A, "A");
        append(sb, entry, PageTableEntry.D, "D");
        append(sb, entry, PageTableEntry.PS, largeCapableLevel ? "PS" : "PAT");
        append(sb, entry, PageTableEntry.G, "G");
        int pk = PageTableEntry.protectionKey(entry);
        if (pk != 0) {
            sb.append(sb.isEmpty() ? "" : " ").append("PK=").append(pk);
        }
        append(sb, entry, PageTableEntry.XD, "XD");
        return sb.toString();
    }

    private static void append(StringBuilder sb, long entry, long bit, String name) {
        if ((entry & bit) != 0) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(name);
        }
    }
}
