package dev.asiscope.sim.engine;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An append-only list (the leaks found, the exposure windows closed) whose copies share the elements they
 * have in common. A checkpoint copies the machine every few million cycles and these lists only grow, so
 * copying them element by element made each checkpoint cost more than the last; a copy here is a view of
 * the same store up to its own size. The copy that appends first past the shared part extends the store;
 * any other copy that appends later forks (copies its own prefix) first, so no copy ever sees another's
 * elements.
 *
 * @param <T> element type (immutable values)
 */
final class SharedHistory<T> extends AbstractList<T> implements RandomAccess {
    /** Elements appended by any copy; {@code used} is how many are valid, i.e. the longest copy's size. */
    private static final class Store {
        volatile Object[] items = new Object[16];
        int used;
    }

    private Store store;
    private int size;

    SharedHistory() {
        this.store = new Store();
    }

    private SharedHistory(Store store, int size) {
        this.store = store;
        this.size = size;
    }

    /** A copy with the same elements, sharing them; O(1). */
    SharedHistory<T> copy() {
        return new SharedHistory<>(store, size);
    }

    @Override
    public boolean add(T x) {
        Store s = store;
        // Copies of one machine may be stepped on different threads (the window's cursor, a background run).
        synchronized (s) {
            if (s.used != size) {
                Store fork = new Store();
                fork.items = Arrays.copyOf(s.items, Math.max(16, size * 2));
                Arrays.fill(fork.items, size, fork.items.length, null);
                fork.used = size;
                store = fork;
                s = fork;
            }
            Object[] items = s.items;
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            items[size] = x;
            s.items = items;
            s.used = ++size;
        }
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T get(int index) {
        Objects.checkIndex(index, size);
        return (T) store.items[index];
    }

    @Override
    public int size() {
        return size;
    }
}
