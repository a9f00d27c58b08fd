package dev.asiscope.sim.mem;

/**
 * Hands out physical memory in 4 KiB frames, bump-pointer style, deterministically. An allocator may have an
 * overflow allocator that takes the requests its own range cannot hold.
 */
public final class FrameAllocator {
    private long next;
    private final long limit;
    private final FrameAllocator overflow;

    /** Allocates from {@code [start, limit)}. */
    public FrameAllocator(long start, long limit) {
        this(start, limit, null);
    }

    /** Allocates from {@code [start, limit)}, then from {@code overflow} (may be null) once that range is full. */
    public FrameAllocator(long start, long limit, FrameAllocator overflow) {
        this.next = (start + 0xfff) & ~0xfffL;
        this.limit = limit;
        this.overflow = overflow;
    }

    /** {@code bytes} rounded up to frames, aligned to {@code align} (a power of two, at least 4 KiB). */
    public long allocate(long bytes, long align) {
        long base = (next + align - 1) & ~(align - 1);
        long end = base + ((bytes + 0xfff) & ~0xfffL);
        if (end > limit && overflow != null) {
            return overflow.allocate(bytes, align);
        }
        if (end > limit) {
            throw new IllegalStateException("simulated physical memory exhausted: need " + bytes + " bytes at 0x"
                    + Long.toHexString(base) + ", limit 0x" + Long.toHexString(limit));
        }
        next = end;
        return base;
    }

    public long allocateFrame() {
        return allocate(4096, 4096);
    }

    /** The first address not yet handed out. */
    public long next() {
        return next;
    }
}
