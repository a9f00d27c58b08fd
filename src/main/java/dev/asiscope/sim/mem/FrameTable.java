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
 * @param <V> the frame type
 */
final class FrameTable<V> {
    private final ToLongFunction<V> numberOf;
    private Object[] slots;
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
        this.slots = o.slots.clone();
        this.mask = o.mask;
        this.shift = o.shift;
        this.size = o.size;
    }

    private void allocate(int capacity) {
        slots = new Object[capacity];
        mask = capacity - 1;
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
    }

    /** A copy with its own slots; the values (frames) themselves are shared. */
    FrameTable<V> copy() {
        return new FrameTable<>(this);
    }

    /** Fibonacci hashing: the top bits of the product spread consecutive frame numbers over the table. */
    private int slot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    }

    /** The frame numbered {@code key}, or {@code null}. */
    @SuppressWarnings("unchecked")
    V get(long key) {
        Object[] s = slots;
        int m = mask;
        for (int i = slot(key); ; i = (i + 1) & m) {
            V v = (V) s[i];
            if (v == null || numberOf.applyAsLong(v) == key) {
                return v;
            }
        }
    }

    /** Whether frame {@code key} exists. */
    boolean containsKey(long key) {
        return get(key) != null;
    }

    /** Adds {@code value}, or replaces the frame of the same number. */
    @SuppressWarnings("unchecked")
    void put(V value) {
        long key = numberOf.applyAsLong(value);
        for (int i = slot(key); ; i = (i + 1) & mask) {
            V v = (V) slots[i];
            if (v == null) {
                slots[i] = value;
                if (++size * 2 > slots.length) {
                    grow();
                }
                return;
            }
            if (numberOf.applyAsLong(v) == key) {
                slots[i] = value;
                return;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void grow() {
        Object[] old = slots;
        allocate(old.length * 2);
        for (Object o : old) {
            if (o != null) {
                int i = slot(numberOf.applyAsLong((V) o));
                while (slots[i] != null) {
                    i = (i + 1) & mask;
                }
                slots[i] = o;
            }
        }
    }

    /** Number of frames. */
    int size() {
        return size;
    }

    /** All frame numbers in ascending order (for hashes that must not depend on insertion order). */
    @SuppressWarnings("unchecked")
    long[] sortedKeys() {
        long[] out = new long[size];
        int n = 0;
        for (Object o : slots) {
            if (o != null) {
                out[n++] = numberOf.applyAsLong((V) o);
            }
        }
        Arrays.sort(out);
        return out;
    }
}
