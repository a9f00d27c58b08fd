package dev.asiscope.sim.paging;

/** The three x86-64 page sizes. */
public enum PageSize {
    SIZE_4K(12), SIZE_2M(21), SIZE_1G(30);

    private final int shift;

    PageSize(int shift) {
        this.shift = shift;
    }

    /** log2 of the size in bytes. */
    public int shift() {
        return shift;
    }

    /** Size in bytes. */
    public long bytes() {
        return 1L << shift;
    }

    /** Mask of the offset bits inside a page of this size. */
    public long offsetMask() {
        return bytes() - 1;
    }

    /** The page size mapped by a leaf at {@code level}. */
    public static PageSize ofLeafLevel(PagingLevel level) {
        return switch (level) {
            case PT -> SIZE_4K;
            case PD -> SIZE_2M;
            case PDPT -> SIZE_1G;
            default -> throw new IllegalArgumentException("no pages are mapped at " + level);
        };
    }
}
