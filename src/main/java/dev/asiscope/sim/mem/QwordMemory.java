package dev.asiscope.sim.mem;

/**
 * Anything a page walker can read 8-byte entries from and write A/D bits back to: raw physical
 * memory for side-effect-free inspection, or a port that goes through the cache hierarchy.
 * Addresses are physical byte addresses; unaligned qword accesses are not used by the walker.
 */
public interface QwordMemory {
    /** Reads the little-endian 64-bit value at {@code physicalAddress} (8-byte aligned). */
    long readQword(long physicalAddress);

    /** Writes the little-endian 64-bit value at {@code physicalAddress} (8-byte aligned). */
    void writeQword(long physicalAddress, long value);
}
