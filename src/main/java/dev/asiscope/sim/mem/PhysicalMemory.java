package dev.asiscope.sim.mem;

import dev.asiscope.sim.security.DataLabel;
import java.util.Arrays;

/**
 * Sparse, byte-addressable physical memory in 4 KiB frames. Frames are created on first write, so a
 * large physical address space costs nothing until touched; reads of untouched memory return zero.
 *
 * <p>Besides its bytes, every 64-byte line carries a <em>label</em> (the security domain whose data it
 * holds, e.g. {@code host-kernel-sensitive} or {@code vm:1}); every frame has an owner and a
 * {@link Sensitivity} class. Labels are how leaks are detected.
 *
 * <p>This class is pure storage: it has no timing and no cache side effects.
 */
public final class PhysicalMemory implements QwordMemory {
    public static final int FRAME_SHIFT = 12;
    public static final int FRAME_SIZE = 1 << FRAME_SHIFT;
    public static final int LINE_SHIFT = 6;
    public static final int LINE_SIZE = 1 << LINE_SHIFT;
    public static final int LINES_PER_FRAME = FRAME_SIZE / LINE_SIZE;

    private static final class Frame {
        /** The frame number (physical address >>> FRAME_SHIFT). */
        final long number;
        /** The memory that may write this frame in place; any other holder copies it first. */
        Object writer;
        /**
         * The frame's bytes, or {@code null} while they are all zero: a frame that is only labelled or
         * classified (a VM's memory, a secret region) holds no 4 KiB array, so labels of large regions cost
         * little memory and their lookups stay in a compact set of small objects.
         */
        long[] qwords;
        /**
         * While {@link #qwords} is null, the value of every qword of the frame (0, or what a region was filled
         * with: a filled frame holds no array until a write changes part of it).
         */
        long fill;

        /** The bytes, created on the first write (every qword {@link #fill}). */
        long[] qwordsForWrite() {
            long[] q = qwords;
            if (q == null) {
                q = new long[FRAME_SIZE / 8];
                if (fill != 0) {
                    Arrays.fill(q, fill);
                }
                qwords = q;
            }
            return q;
        }
        DataLabel[] lineLabels; // null until a line is labelled differently from the frame
        DataLabel label = DataLabel.UNLABELLED;
        String owner = "host";
        Sensitivity sensitivity = Sensitivity.SENSITIVE;

        Frame(long number) {
            this.number = number;
        }

        /** A copy; without the bytes ({@code bytes} false) when the caller overwrites them all next. */
        Frame copy(boolean bytes) {
            Frame f = new Frame(number);
            f.qwords = qwords == null || !bytes ? null : qwords.clone();
            f.fill = fill;
            f.lineLabels = lineLabels == null ? null : lineLabels.clone();
            f.label = label;
            f.owner = owner;
            f.sensitivity = sensitivity;
            return f;
        }
    }

    private final FrameTable<Frame> frames;
    /**
     * The frames used last, direct-mapped by the low bits of the frame number: a page walk reads the same
     * few paging-structure frames over and over, and a cache fill reads the label of the frame it misses in,
     * so most lookups stop here instead of hashing into {@link #frames}. Each slot holds one frame reference
     * (the frame knows its number), so a reader never pairs one frame's number with another's contents.
     * Every frame this memory creates or replaces is written through to its slot.
     *
     * <p>{@value #RECENT} slots, one per frame of 64 MiB (64 KiB of references): with 256 (1 MiB) a cache
     * trace over a 64 MiB region found its frame here on one miss in 64 and hashed into the table for the
     * rest, a fifth of that trace's time. Made on the first lookup, not by {@link #copy()}: a checkpoint's
     * copy is mostly never read, and a recorded run makes hundreds.
     */
    private Frame[] recent;
    static final int RECENT = 16384;
    private static final int ZERO_FRAME_HASH = Arrays.hashCode(new long[FRAME_SIZE / 8]);
    /** Identity that owns frames for in-place writes; replaced on every {@link #copy()}. */
    private Object writerToken = new Object();

    public PhysicalMemory() {
        frames = new FrameTable<>(f -> f.number);
    }

    private PhysicalMemory(FrameTable<Frame> frames) {
        this.frames = frames;
    }

    /**
     * An independent copy (used by checkpoints). Frames are shared copy-on-write, so a copy costs one map
     * entry per frame, not 4 KiB.
     */
    public PhysicalMemory copy() {
        PhysicalMemory c = new PhysicalMemory(frames.copy());
        // Neither side may now write the shared frames in place.
        writerToken = new Object();
        return c;
    }

    private Frame frameForWrite(long physicalAddress) {
        return frameForWrite(physicalAddress, false);
    }

    /**
     * The frame holding {@code physicalAddress}, this memory's own (a frame shared with a copy is copied
     * first, without its bytes when {@code overwritesAll}: the caller replaces every one of them).
     */
    private Frame frameForWrite(long physicalAddress, boolean overwritesAll) {
        long key = physicalAddress >>> FRAME_SHIFT;
        Frame f = frameOrNull(physicalAddress);
        if (f == null) {
            f = new Frame(key);
            f.writer = writerToken;
            frames.put(f);
            recent[(int) key & (RECENT - 1)] = f; // frameOrNull made the slots
        } else if (f.writer != writerToken) {
            f = f.copy(!overwritesAll);
            f.writer = writerToken;
            frames.put(f);
            recent[(int) key & (RECENT - 1)] = f;
        }
        return f;
    }

    private Frame frameOrNull(long physicalAddress) {
        long key = physicalAddress >>> FRAME_SHIFT;
        int slot = (int) key & (RECENT - 1);
        Frame[] r = recent;
        if (r == null) {
            r = recent = new Frame[RECENT];
        }
        Frame f = r[slot];
        if (f != null && f.number == key) {
            return f;
        }
        f = frames.get(key);
        if (f != null) {
            r[slot] = f;
        }
        return f;
    }

    @Override
    public long readQword(long physicalAddress) {
        Frame f = frameOrNull(physicalAddress);
        if (f == null) {
            return 0;
        }
        int off = (int) (physicalAddress & (FRAME_SIZE - 1));
        if ((off & 7) == 0) {
            long[] q = f.qwords;
            return q == null ? f.fill : q[off >>> 3];
        }
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (readByte(physicalAddress + i) & 0xff);
        }
        return v;
    }

    @Override
    public void writeQword(long physicalAddress, long value) {
        int off = (int) (physicalAddress & (FRAME_SIZE - 1));
        if ((off & 7) == 0) {
            frameForWrite(physicalAddress).qwordsForWrite()[off >>> 3] = value;
            return;
        }
        for (int i = 0; i < 8; i++) {
            writeByte(physicalAddress + i, (byte) (value >>> (8 * i)));
        }
    }

    /**
     * Writes {@code value} to every qword of {@code [start, start+length)} (both multiples of 8), frame by
     * frame: what filling a region qword by qword does, without a frame lookup per qword.
     */
    public void fillQwords(long start, long length, long value) {
        if ((start & 7) != 0 || (length & 7) != 0) {
            throw new IllegalArgumentException("fillQwords: start and length must be multiples of 8");
        }
        long end = start + length;
        for (long a = start; Long.compareUnsigned(a, end) < 0; ) {
            long frameEnd = (a & ~(FRAME_SIZE - 1L)) + FRAME_SIZE;
            long stop = Long.compareUnsigned(frameEnd, end) < 0 ? frameEnd : end;
            int from = (int) (a & (FRAME_SIZE - 1)) >>> 3;
            int to = from + (int) ((stop - a) >>> 3);
            boolean whole = from == 0 && to == FRAME_SIZE / 8;
            Frame f = frameForWrite(a, whole);
            if (whole) {
                f.qwords = null; // the whole frame: no array until a write changes part of it
                f.fill = value;
            } else {
                Arrays.fill(f.qwordsForWrite(), from, to, value);
            }
            a = stop;
        }
    }

    /** Reads one byte. */
    public byte readByte(long physicalAddress) {
        Frame f = frameOrNull(physicalAddress);
        if (f == null) {
            return 0;
        }
        int off = (int) (physicalAddress & (FRAME_SIZE - 1));
        long[] q = f.qwords;
        return (byte) ((q == null ? f.fill : q[off >>> 3]) >>> (8 * (off & 7)));
    }

    /** Writes one byte. */
    public void writeByte(long physicalAddress, byte value) {
        Frame f = frameForWrite(physicalAddress);
        int off = (int) (physicalAddress & (FRAME_SIZE - 1));
        int shift = 8 * (off & 7);
        long[] qw = f.qwordsForWrite();
        long q = qw[off >>> 3];
        q = (q & ~(0xffL << shift)) | ((value & 0xffL) << shift);
        qw[off >>> 3] = q;
    }

    /** The label of the 64-byte line containing {@code physicalAddress}. */
    public DataLabel labelOf(long physicalAddress) {
        Frame f = frameOrNull(physicalAddress);
        if (f == null) {
            return DataLabel.UNLABELLED;
        }
        if (f.lineLabels != null) {
            DataLabel l = f.lineLabels[(int) ((physicalAddress & (FRAME_SIZE - 1)) >>> LINE_SHIFT)];
            if (l != null) {
                return l;
            }
        }
        return f.label;
    }

    /** Labels every line of {@code [start, start+length)} (rounded out to whole lines). */
    public void setLabel(long start, long length, String label) {
        setLabel(start, length, DataLabel.of(label));
    }

    /** Labels every line of {@code [start, start+length)} (rounded out to whole lines). */
    public void setLabel(long start, long length, DataLabel label) {
        long end = start + length;
        for (long line = start & ~(LINE_SIZE - 1L); Long.compareUnsigned(line, end) < 0; line += LINE_SIZE) {
            Frame f = frameForWrite(line);
            long frameStart = line & ~(FRAME_SIZE - 1L);
            if ((line & (FRAME_SIZE - 1)) == 0 && Long.compareUnsigned(frameStart + FRAME_SIZE, end) <= 0) {
                f.label = label;
                f.lineLabels = null;
                line = frameStart + FRAME_SIZE - LINE_SIZE;
                continue;
            }
            if (f.lineLabels == null) {
                f.lineLabels = new DataLabel[LINES_PER_FRAME];
            }
            f.lineLabels[(int) ((line & (FRAME_SIZE - 1)) >>> LINE_SHIFT)] = label;
        }
    }

    /** Sets owner and sensitivity class of every frame touching {@code [start, start+length)}. */
    public void classify(long start, long length, String owner, Sensitivity sensitivity) {
        long end = start + length;
        for (long frame = start & ~(FRAME_SIZE - 1L); Long.compareUnsigned(frame, end) < 0; frame += FRAME_SIZE) {
            Frame f = frameForWrite(frame);
            f.owner = owner;
            f.sensitivity = sensitivity;
        }
    }

    /** Owner of the frame containing {@code physicalAddress} ({@code host} by default). */
    public String ownerOf(long physicalAddress) {
        Frame f = frameOrNull(physicalAddress);
        return f == null ? "host" : f.owner;
    }

    /** Sensitivity class of the frame containing {@code physicalAddress} (sensitive by default). */
    public Sensitivity sensitivityOf(long physicalAddress) {
        Frame f = frameOrNull(physicalAddress);
        return f == null ? Sensitivity.SENSITIVE : f.sensitivity;
    }

    /** Number of frames that exist (were written, labelled or classified). */
    public int frameCount() {
        return frames.size();
    }

    /** Whether the frame containing {@code physicalAddress} was ever touched. */
    public boolean isPopulated(long physicalAddress) {
        return frames.containsKey(physicalAddress >>> FRAME_SHIFT);
    }

    /** {@code Arrays.hashCode} of a frame's qwords that all hold {@code fill}, without making the array. */
    private static int filledFrameHash(long fill) {
        int e = (int) (fill ^ (fill >>> 32));
        int h = 1;
        for (int i = 0; i < FRAME_SIZE / 8; i++) {
            h = 31 * h + e;
        }
        return h;
    }

    /** A stable hash of contents, labels and classes, independent of insertion order. */
    public long stateHash() {
        long h = 0x9E3779B97F4A7C15L;
        for (long key : frames.sortedKeys()) {
            Frame f = frames.get(key);
            h = h * 31 + key;
            // A frame without an array hashes as the array it reads as (zero, or filled).
            h = h * 31 + (f.qwords != null ? Arrays.hashCode(f.qwords) : f.fill == 0 ? ZERO_FRAME_HASH
                    : filledFrameHash(f.fill));
            h = h * 31 + (f.lineLabels == null ? 0 : Arrays.hashCode(f.lineLabels)); // DataLabel hashes its name
            h = h * 31 + f.label.hashCode();
            h = h * 31 + f.owner.hashCode();
            h = h * 31 + f.sensitivity.ordinal();
        }
        return h;
    }
}
