package dev.asiscope.sim.vmx;

import dev.asiscope.sim.mem.FrameAllocator;
import dev.asiscope.sim.mem.QwordMemory;

/**
 * Intel EPT (Intel SDM Vol. 3C, "EPT Translation Mechanism"): 4-level guest-physical to host-physical tables
 * in host memory. Entry bits: 0 read, 1 write, 2 execute, 5:3 memory type (leaf), 7 large page, 51:12
 * address. An entry with bits 2:0 all zero is not present; a walk that meets one, or lacks the access's
 * permission bit, is an EPT violation.
 */
public final class Ept {
    public static final long R = 1;
    public static final long W = 1 << 1;
    public static final long X = 1 << 2;
    /** Memory type write-back (6) in bits 5:3 of a leaf. */
    public static final long MEMTYPE_WB = 6L << 3;
    public static final long ADDRESS = 0x000F_FFFF_FFFF_F000L;
    /** EPTP bits 5:3 = walk length - 1: 0x18 for 4-level; memory type WB in bits 2:0. */
    public static final long EPTP_4_LEVEL_WB = 0x18 | 6;

    private Ept() {
    }

    /** Maps {@code [gpa, gpa+size)} to {@code [hpa, hpa+size)} with 4 KiB RWX leaves. */
    public static void map(QwordMemory host, FrameAllocator frames, long root, long gpa, long hpa, long size) {
        for (long off = 0; off < size; off += 4096) {
            long table = root;
            long g = gpa + off;
            for (int shift = 39; shift > 12; shift -= 9) {
                long ea = table + 8 * ((g >>> shift) & 0x1ff);
                long e = host.readQword(ea);
                if ((e & 7) == 0) {
                    long frame = frames.allocateFrame();
                    for (int i = 0; i < 512; i++) {
                        host.writeQword(frame + 8L * i, 0);
                    }
                    e = frame | R | W | X;
                    host.writeQword(ea, e);
                }
                table = e & ADDRESS;
            }
            host.writeQword(table + 8 * ((g >>> 12) & 0x1ff), (hpa + off) | R | W | X | MEMTYPE_WB);
        }
    }

    /**
     * Translates a guest-physical address, reading each EPT entry through {@code host} (which may charge
     * cache latency). Returns the host-physical address, or -1 on an EPT violation.
     *
     * @param required the permission bits the access needs ({@link #R}, {@link #W}, {@link #X})
     */
    public static long translate(QwordMemory host, long root, long gpa, long required) {
        long table = root;
        for (int shift = 39; shift >= 12; shift -= 9) {
            long e = host.readQword(table + 8 * ((gpa >>> shift) & 0x1ff));
            if ((e & 7) == 0 || (e & required) != required) {
                return -1;
            }
            if (shift == 12 || (shift <= 30 && (e & (1L << 7)) != 0)) {
                long mask = (1L << shift) - 1;
                return ((e & ADDRESS) & ~mask) | (gpa & mask);
            }
            table = e & ADDRESS;
        }
        return -1;
    }
}
