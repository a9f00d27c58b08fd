package dev.asiscope.sim.engine;

import java.util.AbstractCollection;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A hardware thread's queue of micro-steps still to execute ({@link HardwareThread#steps}): the steps of an
 * exit, its handler, the way back in. A double-ended queue as {@link java.util.ArrayDeque} is, with one more
 * operation, {@link #addLast(Step[])}, which appends a whole run of steps at once (a handler's memoised
 * steps, the entry path) instead of one call per step. A run of queued steps is consumed front to back
 * and the queue is empty again after nearly every exit, so the steps sit at the front of one array and the
 * indexes return to 0 whenever it empties. Steps are immutable values: a consumed slot is left as it is
 * (overwritten by the next steps queued), not cleared.
 */
final class StepQueue extends AbstractCollection<Step> {
    private Step[] a;
    private int head;
    private int tail;

    StepQueue() {
        a = new Step[16];
    }

    /** A copy (a checkpoint's): the same steps in the same order. */
    StepQueue(StepQueue o) {
        a = Arrays.copyOfRange(o.a, o.head, Math.max(o.tail, o.head + 16));
        tail = o.tail - o.head;
    }

    @Override
    public int size() {
        return tail - head;
    }

    @Override
    public boolean isEmpty() {
        return head == tail;
    }

    /** Appends {@code s}. */
    void addLast(Step s) {
        if (tail == a.length) {
            makeRoomAtEnd(1);
        }
        a[tail++] = s;
    }

    /** Appends every step of {@code run}, in order (the array is not kept). */
    void addLast(Step[] run) {
        if (tail + run.length > a.length) {
            makeRoomAtEnd(run.length);
        }
        System.arraycopy(run, 0, a, tail, run.length);
        tail += run.length;
    }

    @Override
    public boolean add(Step s) {
        addLast(s);
        return true;
    }

    /** Puts {@code s} before every queued step. */
    void addFirst(Step s) {
        if (head == 0) {
            int gap = 8;
            if (tail + gap > a.length) {
                a = Arrays.copyOf(a, Math.max(2 * a.length, tail + gap));
            }
            System.arraycopy(a, 0, a, gap, tail);
            head = gap;
            tail += gap;
        }
        a[--head] = s;
    }

    /** Removes and returns the first step, or null if none is queued. */
    Step pollFirst() {
        if (head == tail) {
            return null;
        }
        Step s = a[head++];
        if (head == tail) {
            head = 0;
            tail = 0;
        }
        return s;
    }

    /** Removes and returns the last step, or null if none is queued. */
    Step pollLast() {
        if (head == tail) {
            return null;
        }
        Step s = a[--tail];
        if (head == tail) {
            head = 0;
            tail = 0;
        }
        return s;
    }

    @Override
    public void clear() {
        head = 0;
        tail = 0;
    }

    @Override
    public boolean addAll(Collection<? extends Step> steps) {
        for (Step s : steps) {
            addLast(s);
        }
        return !steps.isEmpty();
    }

    @Override
    public Iterator<Step> iterator() {
        return new Iterator<>() {
            private int i = head;

            @Override
            public boolean hasNext() {
                return i < tail;
            }

            @Override
            public Step next() {
                if (i >= tail) {
                    throw new NoSuchElementException();
                }
                return a[i++];
            }
        };
    }

    /** Room for {@code n} more steps at the end: the queued steps moved to the front, the array grown if need be. */
    private void makeRoomAtEnd(int n) {
        int size = tail - head;
        if (size + n > a.length) {
            Step[] b = new Step[Math.max(2 * a.length, size + n)];
            System.arraycopy(a, head, b, 0, size);
            a = b;
        } else {
            System.arraycopy(a, head, a, 0, size);
        }
        head = 0;
        tail = size;
    }
}
