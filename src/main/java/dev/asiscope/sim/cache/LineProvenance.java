package dev.asiscope.sim.cache;

import dev.asiscope.sim.security.AddressSpaceId;
import dev.asiscope.sim.security.Context;
import dev.asiscope.sim.security.DataLabel;

/**
 * Where a cached line came from: the facts a leak explanation shows, as values (the words are made where a
 * person reads them). A provenance is captured once, when an access fills a line into a cache level, and
 * never changes while the line stays there (hits do not update it). A line written back from an upper level
 * into a lower level keeps its provenance.
 *
 * @param label        security label of the line's data, from {@code PhysicalMemory.labelOf} at fill time
 * @param logicalCpu   the logical CPU whose access brought the line in
 * @param context      what that CPU was running then (guest vm1/vcpu0 kernel, host kernel on the restricted
 *                     table for vm1, ...), or null if not applicable
 * @param handler      the kernel handler running in a host-kernel context (e.g. {@code EPT_VIOLATION}), or null
 * @param addressSpace the page table the access translated with, or {@code null} if not applicable
 * @param cycle        the cycle of the filling access
 * @param origin       which kind of access it was
 * @param physicalLine physical address of the first byte of the line
 */
public record LineProvenance(
        DataLabel label,
        int logicalCpu,
        Context context,
        String handler,
        AddressSpaceId addressSpace,
        long cycle,
        AccessOrigin origin,
        long physicalLine) {

    /** Validates: {@code label} and {@code origin} are required. */
    public LineProvenance {
        java.util.Objects.requireNonNull(label, "label");
        java.util.Objects.requireNonNull(origin, "origin");
    }

    /**
     * A hash that is the same in every JVM run (unlike {@link #hashCode()}, which mixes in the identity hash
     * of the enum constant); used by {@code stateHash()} methods.
     */
    public long stableHash() {
        long h = 17;
        h = h * 31 + label.hashCode();
        h = h * 31 + logicalCpu;
        h = h * 31 + (context == null ? 0 : context.hashCode());
        h = h * 31 + (handler == null ? 0 : handler.hashCode());
        h = h * 31 + spaceHash(addressSpace);
        h = h * 31 + cycle;
        h = h * 31 + origin.ordinal();
        h = h * 31 + physicalLine;
        return h;
    }

    /**
     * The table's kind and its VM or process number, the same in every JVM; 0 for none. (Hashes typed values:
     * a provenance's state hash never goes through words.)
     */
    private static long spaceHash(AddressSpaceId a) {
        if (a == null) {
            return 0;
        }
        if (a instanceof AddressSpaceId.RestrictedVm r) {
            return 0x100L + r.vm();
        }
        if (a instanceof AddressSpaceId.RestrictedProcess r) {
            return 0x200L + r.process();
        }
        if (a instanceof AddressSpaceId.ProcessKernel p) {
            return 0x300L + p.process();
        }
        if (a instanceof AddressSpaceId.PtiUser p) {
            return 0x400L + p.process();
        }
        if (a instanceof AddressSpaceId.Guest g) {
            return 0x500L + g.vm();
        }
        if (a instanceof AddressSpaceId.Ept e) {
            return 0x600L + e.vm();
        }
        return a instanceof AddressSpaceId.RestrictedIdle ? 2 : 1; // the idle class's table, the full table
    }
}
