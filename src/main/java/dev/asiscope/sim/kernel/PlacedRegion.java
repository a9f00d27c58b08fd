package dev.asiscope.sim.kernel;

/**
 * A region with its place: physical base and the kernel (direct-map) virtual address it is mapped at.
 * Immutable.
 */
public record PlacedRegion(KernelRegion region, long physicalBase, long virtualBase) {
    public String name() {
        return region.name();
    }

    public long size() {
        return region.pagedSize();
    }

    /** Bytes its kernel mapping covers (whole pages of the region's page size), at least {@link #size()}. */
    public long mappedSize() {
        return region.mappedSize();
    }

    public boolean containsPhysical(long pa) {
        return pa >= physicalBase && pa < physicalBase + size();
    }

    public boolean containsVirtual(long va) {
        return Long.compareUnsigned(va, virtualBase) >= 0 && Long.compareUnsigned(va, virtualBase + size()) < 0;
    }
}
