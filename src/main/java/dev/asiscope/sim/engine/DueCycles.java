package dev.asiscope.sim.engine;

/**
 * When each hardware thread of a machine is next due, by id ({@link HardwareThread#busyUntil} while it can
 * run, else {@code Long.MAX_VALUE}), and which thread is due first: the earliest cycle, the lowest id among
 * equals. Kept by the threads' setters; derived from the threads, not state.
 *
 * <p>Why more than a scan: almost every step moves only the due cycle of the thread that stepped (in
 * {@code bench-cloud-4x2} all but one of 1.25 million). So the threads are kept in due order, and after such a
 * step only the thread that stepped moves back to its new place, usually not at all (a handler's short steps
 * follow one another on one thread while the others sit in long operations). Any other change sorts afresh.
 */
final class DueCycles {
    private final long[] due;
    /** Thread ids by due cycle, then id; valid while {@link #sorted}. */
    private final int[] order;
    private boolean sorted;
    /** The thread whose step runs now (-1 between steps): its own moves keep the order but for itself. */
    private int stepping = -1;

    DueCycles(int threads) {
        due = new long[threads];
        order = new int[threads];
    }

    /** Thread {@code id} is next due at {@code cycle} ({@code Long.MAX_VALUE}: cannot run). */
    void set(int id, long cycle) {
        due[id] = cycle;
        if (id != stepping) {
            sorted = false;
        }
    }

    /** The step of {@code id}, the thread {@link #first()} returned, begins. */
    void stepBegins(int id) {
        stepping = id;
    }

    /** The thread due first, or -1 if none can run. */
    int first() {
        int s = stepping;
        stepping = -1;
        if (!sorted) {
            sort();
        } else if (s >= 0) {
            moveBack(s);
        }
        int f = order.length == 0 ? -1 : order[0];
        return f < 0 || due[f] == Long.MAX_VALUE ? -1 : f;
    }

    /** Only {@code s}, first in the order, moved: it goes back past every thread now due before it. */
    private void moveBack(int s) {
        int[] o = order;
        if (o[0] != s) {
            sort();
            return;
        }
        int k = 0;
        while (k + 1 < o.length && earlier(o[k + 1], s)) {
            o[k] = o[k + 1];
            k++;
        }
        o[k] = s;
    }

    private boolean earlier(int a, int b) {
        return due[a] < due[b] || (due[a] == due[b] && a < b);
    }

    /** Insertion sort of the ids by due cycle, then id. */
    private void sort() {
        int[] o = order;
        for (int i = 0; i < o.length; i++) {
            int k = i;
            while (k > 0 && earlier(i, o[k - 1])) {
                o[k] = o[k - 1];
                k--;
            }
            o[k] = i;
        }
        sorted = true;
    }
}
