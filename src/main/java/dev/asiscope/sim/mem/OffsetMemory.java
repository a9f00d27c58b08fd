package dev.asiscope.sim.mem;

/**
 * A window on physical memory shifted by a constant: address {@code a} here is {@code base + a} in the
 * backing memory. Used to write a guest's page tables, whose guest-physical memory is one contiguous
 * host-physical block.
 */
public record OffsetMemory(QwordMemory backing, long base) implements QwordMemory {
    @Override
    public long readQword(long address) {
        return backing.readQword(base + address);
    }

    @Override
    public void writeQword(long address, long value) {
        backing.writeQword(base + address, value);
    }
}
