package dev.asiscope.sim.kernel;

import dev.asiscope.sim.mem.Sensitivity;

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
 */
public record KernelRegion(String name, long size, Sensitivity sensitivity, int ownerVm, String label,
        boolean globalBitBug, int fill) {

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
    }

    /** Size rounded up to whole 4 KiB pages. */
    public long pagedSize() {
        return (size + 0xfff) & ~0xfffL;
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
        return new KernelRegion(name, size, sensitivity, ownerVm, label, globalBitBug, value);
    }

    public KernelRegion withGlobalBitBug(boolean bug) {
        return new KernelRegion(name, size, sensitivity, ownerVm, label, bug, fill);
    }
}
