package dev.asiscope.sim.mem;

import java.util.Arrays;

/**
 * The frames of a {@link PhysicalMemory}, keyed by frame number: an open-addressing hash table with
 * linear probing over primitive {@code long} keys.
 *
 * <p>Why not {@code HashMap<Long, V>}: every read of simulated memory (each page-walk entry, each label
 * looked up on a cache fill) would box its frame number into a {@code Long}, an allocation per access for
 * any frame above 127, plus a pointer chase through the boxed key and the map's node. Here a lookup is
 * one multiply, one array read and, rarely, a short probe.
 *
 * <p>Invariants: {@code keys[i] == EMPTY} iff {@code values[i] == null}; the load factor stays at most
 * 1/2; nothing is ever removed (memory frames are created, never freed), so probing needs no tombstones.
 * Not thread-safe.
 *
 * @param <V> the frame type
 */
final class FrameTable<V> {
    /** Frame numbers are below 2^52, so -1 is never a key. */
    private static final long EMPTY = -1L;

    private long[] keys;
    private Object[] values;
    private int mask;
    private int shift;
    private int size;

    FrameTable() {
        this(64);
    }

    private FrameTable(int capacity) {
        allocate(capacity);
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        Arrays.fill(keys, EMPTY);
        values = new Object[capacity];
        mask = capacity - 1;
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
    }

    /** A copy with its own arrays; the values (frames) themselves are shared. */
    FrameTable<V> copy() {
        FrameTable<V> c = new FrameTable<>(1);
        c.keys = keys.clone();
        c.values = values.clone();
        c.mask = mask;
        c.shift = shift;
        c.size = size;
        return c;
    }

    /** Fibonacci hashing: the top bits of the product spread consecutive frame numbers over the table. */
    private int slot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    }

    /** The value of {@code key}, or {@code null}. */
    @SuppressWarnings("unchecked")
    V get(long key) {
        long[] k = keys;
        int m = mask;
        for (int i = slot(key); ; i = (i + 1) & m) {
            long x = k[i];
            if (x == key) {
                return (V) values[i];
            }
            if (x == EMPTY) {
                return null;
            }
        }
    }

    /** Whether {@code key} has a value. */
    boolean containsKey(long key) {
        return get(key) != null;
    }

    /** Sets the value of {@code key} (non-null). */
    void put(long key, V value) {
        for (int i = slot(key); ; i = (i + 1) & mask) {
            if (keys[i] == key) {
                values[i] = value;
                return;
            }
            if (keys[i] == EMPTY) {
                keys[i] = key;
                values[i] = value;
                if (++size * 2 > keys.length) {
                    grow();
                }
                return;
            }
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        allocate(oldKeys.length * 2);
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldKeys[j] != EMPTY) {
                int i = slot(oldKeys[j]);
                while (keys[i] != EMPTY) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                values[i] = oldValues[j];
            }
        }
    }

    /** Number of keys. */
    int size() {
        return size;
    }

    /** All keys in ascending order (for hashes that must not depend on insertion order). */
    long[] sortedKeys() {
        long[] out = new long[size];
        int n = 0;
        for (long k : keys) {
            if (k != EMPTY) {
                out[n++] = k;
            }
        }
        Arrays.sort(out);
        return out;
    }
}
