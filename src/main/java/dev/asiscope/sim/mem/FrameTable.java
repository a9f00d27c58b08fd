package dev.asiscope.sim.mem;

import java.util.Arrays;
import java.util.function.ToLongFunction;

/**
 * The frames of a {@link PhysicalMemory}, keyed by frame number: an open-addressing hash table with
 * linear probing whose slots hold the frames themselves, each frame knowing its own number.
 *
 * <p>Why not {@code HashMap<Long, V>}: every read of simulated memory (each page-walk entry, each label
 * looked up on a cache fill) would box its frame number into a {@code Long}, an allocation per access for
 * any frame above 127, plus a pointer chase through the boxed key and the map's node. Why no key array:
 * the caller reads the frame it looks up anyway, so comparing the frame's own number costs no memory
 * access the lookup would not make, and one array instead of two is one host cache miss less per lookup
 * in a large memory.
 *
 * <p>Invariants: a slot is {@code null} or holds a frame whose number hashes to a slot at or before it
 * in its probe run; the load factor stays at most 1/2; nothing is ever removed (memory frames are
 * created, never freed), so probing needs no tombstones. Not thread-safe.
 *
 * <p>Copies share pages: the slots are held in pages of {@link #PAGE} slots, and a copy (a checkpoint's)
 * copies only the array of pages; a page is copied when either side first writes it after that (a new frame,
 * or a frame replaced by its own copy-on-write copy). A machine of some hundred thousand frames used to copy
 * its whole table at every checkpoint, the largest allocation of a recorded run.
 *
 * @param <V> the frame type
 */
final class FrameTable<V> {
    /** Slots per page (a power of two). */
    static final int PAGE_BITS = 9;
    static final int PAGE = 1 << PAGE_BITS;

    private final ToLongFunction<V> numberOf;
    private Object[][] pages;
    /** Per page, the table that may write it in place; a page whose writer is not {@link #writer} is shared. */
    private Object[] pageWriters;
    private Object writer = new Object();
    private int mask;
    private int shift;
    private int size;

    /** @param numberOf the frame number of a frame (fixed for the frame's life) */
    FrameTable(ToLongFunction<V> numberOf) {
        this.numberOf = numberOf;
        allocate(64);
    }

    private FrameTable(FrameTable<V> o) {
        this.numberOf = o.numberOf;
        this.pages = o.pages.clone();
        this.pageWriters = o.pageWriters.clone();
        // Neither side may write the now shared pages in place any more.
        o.writer = new Object();
        this.mask = o.mask;
        this.shift = o.shift;
        this.size = o.size;
    }

    private void allocate(int capacity) {
        int perPage = Math.min(capacity, PAGE);
        pages = new Object[capacity / perPage][];
        pageWriters = new Object[pages.length];
        for (int p = 0; p < pages.length; p++) {
            pages[p] = new Object[perPage];
            pageWriters[p] = writer;
        }
        mask = capacity - 1;
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
    }

    /** An independent copy (a checkpoint's); the two share pages until either writes one. */
    FrameTable<V> copy() {
        return new FrameTable<>(this);
    }

    private int slot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    }

    private Object at(int i) {
        return pages[i >>> PAGE_BITS][i & (PAGE - 1)];
    }

    private void set(int i, Object v) {
        int p = i >>> PAGE_BITS;
        if (pageWriters[p] != writer) {
            pages[p] = pages[p].clone();
            pageWriters[p] = writer;
        }
        pages[p][i & (PAGE - 1)] = v;
    }

    /** The frame numbered {@code key}, or null. */
    @SuppressWarnings("unchecked")
    V get(long key) {
        int m = mask;
        for (int i = slot(key); ; i = (i + 1) & m) {
            V v = (V) at(i);
            if (v == null || numberOf.applyAsLong(v) == key) {
                return v;
            }
        }
    }

    boolean containsKey(long key) {
        return get(key) != null;
    }

    /** Adds {@code value}, or replaces the frame with the same number. */
    @SuppressWarnings("unchecked")
    void put(V value) {
        long key = numberOf.applyAsLong(value);
        for (int i = slot(key); ; i = (i + 1) & mask) {
            V v = (V) at(i);
            if (v == null) {
                set(i, value);
                if (++size * 2 > mask + 1) {
                    grow();
                }
                return;
            }
            if (numberOf.applyAsLong(v) == key) {
                set(i, value);
                return;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void grow() {
        Object[][] old = pages;
        allocate((mask + 1) * 2);
        for (Object[] page : old) {
            for (Object o : page) {
                if (o != null) {
                    int i = slot(numberOf.applyAsLong((V) o));
                    while (at(i) != null) {
                        i = (i + 1) & mask;
                    }
                    pages[i >>> PAGE_BITS][i & (PAGE - 1)] = o;
                }
            }
        }
    }

    int size() {
        return size;
    }

    /** Every frame number held, ascending. */
    @SuppressWarnings("unchecked")
    long[] sortedKeys() {
        long[] out = new long[size];
        int n = 0;
        for (Object[] page : pages) {
            for (Object o : page) {
                if (o != null) {
                    out[n++] = numberOf.applyAsLong((V) o);
                }
            }
        }
        Arrays.sort(out);
        return out;
    }
}
