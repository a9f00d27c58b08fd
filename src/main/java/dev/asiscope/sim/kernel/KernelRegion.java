package dev.asiscope.sim.kernel;

import dev.asiscope.sim.mem.Sensitivity;
import dev.asiscope.sim.paging.PageSize;

/**
 * A named piece of host memory (kernel data, a VM's memory, a process's memory) as the scenario
 * declares it. The {@link HostLayout} places it in physical memory and maps it.
 *
 * @param name          unique name, e.g. {@code irq-data}, {@code vcpu-state:vm1}, {@code host-secret}
 * @param size          bytes, rounded up to 4 KiB pages
 * @param sensitivity   sensitivity class (decides which restricted tables map it)
 * @param ownerVm       for {@code local-nonsensitive} memory, the VM whose restricted space maps it; -1
 * @param label         security label of its data (leaks are reported with it)
 * @param globalBitBug  the kernel mapping keeps the Global bit even under PTI/ASI (the 2022 direct-map
 *                      bug), so its TLB entries survive CR3 switches
 * @param fill          byte value the region is filled with (its "contents"), or -1 to leave zeros
 * @param pageSize      the page size of its kernel (direct-map) mapping: 4 KiB, or a large page (2 MiB /
 *                      1 GiB, a PDE/PDPTE with PS=1, SDM Vol. 3A 4.5) as Linux uses for the direct map
 */
public record KernelRegion(String name, long size, Sensitivity sensitivity, int ownerVm, String label,
        boolean globalBitBug, int fill, PageSize pageSize) {

    public KernelRegion {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("region needs a name");
        }
        if (size <= 0) {
            throw new IllegalArgumentException("region '" + name + "' needs a positive size");
        }
        if (sensitivity == Sensitivity.LOCAL_NONSENSITIVE && ownerVm < 0) {
            throw new IllegalArgumentException("local-nonsensitive region '" + name + "' needs an owner VM");
        }
        if (fill < -1 || fill > 255) {
            throw new IllegalArgumentException("fill of region '" + name + "' must be a byte (0-255)");
        }
        if (pageSize == null) {
            throw new IllegalArgumentException("region '" + name + "' needs a page size");
        }
    }

    /** A region mapped with 4 KiB pages. */
    public KernelRegion(String name, long size, Sensitivity sensitivity, int ownerVm, String label,
            boolean globalBitBug, int fill) {
        this(name, size, sensitivity, ownerVm, label, globalBitBug, fill, PageSize.SIZE_4K);
    }

    /** Size rounded up to whole 4 KiB pages. */
    public long pagedSize() {
        return (size + 0xfff) & ~0xfffL;
    }

    /**
     * Bytes its mapping covers: {@link #pagedSize()} rounded up to whole pages of {@link #pageSize()}. The
     * layout reserves this much physical memory (aligned to the page size) so that a large page maps only
     * this region's memory; the part past {@link #pagedSize()} holds no region and reads as zeros.
     */
    public long mappedSize() {
        long mask = pageSize.offsetMask();
        return (pagedSize() + mask) & ~mask;
    }

    public static KernelRegion global(String name, long size, String label) {
        return new KernelRegion(name, size, Sensitivity.GLOBAL_NONSENSITIVE, -1, label, false, -1);
    }

    public static KernelRegion sensitive(String name, long size, String label) {
        return new KernelRegion(name, size, Sensitivity.SENSITIVE, -1, label, false, -1);
    }

    public static KernelRegion local(String name, long size, int vm, String label) {
        return new KernelRegion(name, size, Sensitivity.LOCAL_NONSENSITIVE, vm, label, false, -1);
    }

    public KernelRegion withFill(int value) {
        return new KernelRegion(name, size, sensitivity, ownerVm, label, globalBitBug, value, pageSize);
    }

    public KernelRegion withGlobalBitBug(boolean bug) {
        return new KernelRegion(name, size, sensitivity, ownerVm, label, bug, fill, pageSize);
    }

    public KernelRegion withPageSize(PageSize size) {
        return new KernelRegion(name, this.size, sensitivity, ownerVm, label, globalBitBug, fill, size);
    }
}
