package dev.asiscope.sim.paging;

/**
 * The paging-structure levels of 4- and 5-level paging, named as in the Intel SDM. {@link #shift()} is
 * the lowest linear-address bit that the level's index covers (each index is 9 bits).
 */
public enum PagingLevel {
    PML5("pml5", 48),
    PML4("pml4", 39),
    PDPT("pdpt", 30),
    PD("pd", 21),
    PT("pt", 12);

    private final String id;
    private final int shift;

    PagingLevel(String id, int shift) {
        this.id = id;
        this.shift = shift;
    }

    /** SDM name in lower case ({@code pml4}, {@code pdpt}, ...), as used in JSON output. */
    public String id() {
        return id;
    }

    /** Lowest linear-address bit covered by this level's 9-bit index. */
    public int shift() {
        return shift;
    }

    /** The 9-bit index of {@code linearAddress} into a table of this level. */
    public int indexOf(long linearAddress) {
        return (int) ((linearAddress >>> shift) & 0x1ff);
    }

    /**
     * The Linux name of this level ({@code pgd}, {@code p4d}, {@code pud}, {@code pmd}, {@code pte}),
     * which depends on whether 5-level paging is on.
     */
    public String linuxName(boolean la57) {
        return switch (this) {
            case PML5 -> "pgd";
            case PML4 -> la57 ? "p4d" : "pgd";
            case PDPT -> "pud";
            case PD -> "pmd";
            case PT -> "pte";
        };
    }

    /** The next level down, or null for {@link #PT}. */
    public PagingLevel next() {
        return this == PT ? null : values()[ordinal() + 1];
    }
}
