package dev.asiscope.scenario.importer;

import java.util.Locale;

/**
 * The page-table level a ptdump line was printed at, as named by Linux's {@code dump_pagetables.c}
 * ({@code level_name[] = {"cr3", "pgd", "p4d", "pud", "pmd", "pte"}}).
 */
public enum PtdumpLevel {
    /** Printed only by very old kernels for the CR3 slot. */
    CR3,
    PGD,
    /** Only with 5-level paging (LA57). */
    P4D,
    PUD,
    PMD,
    PTE;

    /** The name as printed ({@code pgd}, {@code pmd}, ...). */
    public String linuxName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for the levels above PTE, where ptdump prints the {@code PSE} column. */
    public boolean largePageCapable() {
        return this != PTE;
    }

    /** The level for a printed name (case-sensitive, as the kernel prints lower case), or null. */
    public static PtdumpLevel fromLinuxName(String s) {
        switch (s) {
            case "pte": return PTE;
            case "pmd": return PMD;
            case "pud": return PUD;
            case "p4d": return P4D;
            case "pgd": return PGD;
            case "cr3": return CR3;
            default: return null;
        }
    }
}
