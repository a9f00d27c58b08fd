package dev.asiscope.sim.engine;

/**
 * When each hardware thread of a machine is next due, by id ({@link HardwareThread#busyUntil} while it can
 * run, else {@code Long.MAX_VALUE}), and which thread is due first: the earliest cycle, the lowest id among
 * equals. Kept by the threads' setters; derived from the threads, not state.
 *
 * <p>Why more than a scan: most steps move only the due cycle of the thread that stepped (a handler's short
 * steps follow one another on one thread while the others sit in long operations). So the scan also notes
 * the runner-up, and after a step that moved no other thread's due cycle the next thread is the one that
 * stepped or the runner-up, decided by one comparison. Any other change forgets both and the next query scans.
 */
final class DueCycles {
    private final long[] due;
    /** The first and runner-up thread (-1: none), valid while {@link #known}. */
    private int first = -1;
    private int second = -1;
    private boolean known;
    /** The thread whose step runs now (-1 between steps): its own moves keep {@link #known}. */
    private int stepping = -1;

    DueCycles(int threads) {
        due = new long[threads];
    }

    /** Thread {@code id} is next due at {@code cycle} ({@code Long.MAX_VALUE}: cannot run). */
    void set(int id, long cycle) {
        due[id] = cycle;
        if (id != stepping) {
            known = false;
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
        if (known && (s < 0 || (s == first && due[s] != Long.MAX_VALUE && (second < 0 || earlier(s, second))))) {
            return first;
        }
        scan();
        return first;
    }

    private boolean earlier(int a, int b) {
        return due[a] < due[b] || (due[a] == due[b] && a < b);
    }

    private void scan() {
        long[] d = due;
        int best = -1;
        int next = -1;
        long bestDue = Long.MAX_VALUE;
        long nextDue = Long.MAX_VALUE;
        for (int i = 0; i < d.length; i++) {
            long v = d[i];
            if (v < bestDue) {
                next = best;
                nextDue = bestDue;
                best = i;
                bestDue = v;
            } else if (v < nextDue) {
                next = i;
                nextDue = v;
            }
        }
        first = best;
        second = next;
        known = true;
    }
}
