package dev.asiscope.ui;

import dev.asiscope.sim.engine.Event;
import dev.asiscope.sim.engine.EventLog;
import java.util.Arrays;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import javafx.collections.ObservableListBase;

/**
 * The rows of the event table: sequence numbers into an {@link EventLog}, never copies of events. With
 * no filter the list is the identity over the log (no storage at all); with a filter it holds the
 * matching sequence numbers in an {@code int[]}.
 */
public final class EventIndexList extends ObservableListBase<Integer> {
    private EventLog log;
    private int[] matches;
    private int size;

    /** Shows the whole of {@code log}. */
    public void show(EventLog log) {
        showSeqs(log, null);
    }

    /** Shows the events of {@code log} matching {@code filter} (all when null). */
    public void show(EventLog log, Predicate<Event> filter) {
        showSeqs(log, filter == null ? null : seq -> filter.test(log.get(seq)));
    }

    /**
     * Shows the events of {@code log} whose sequence numbers pass {@code filter} (all when null). Listeners
     * see one change: everything removed, the new rows added.
     */
    public void showSeqs(EventLog log, IntPredicate filter) {
        int old = size;
        this.log = log;
        if (log == null) {
            matches = null;
            size = 0;
        } else if (filter == null) {
            matches = null;
            size = log.size();
        } else {
            int[] m = new int[Math.min(1024, Math.max(1, log.size()))];
            int n = 0;
            for (int i = 0; i < log.size(); i++) {
                if (filter.test(i)) {
                    if (n == m.length) {
                        m = Arrays.copyOf(m, m.length * 2);
                    }
                    m[n++] = i;
                }
            }
            matches = m;
            size = n;
        }
        beginChange();
        if (old > 0) {
            nextRemove(0, java.util.Collections.nCopies(old, 0));
        }
        if (size > 0) {
            nextAdd(0, size);
        }
        endChange();
    }

    @Override
    public Integer get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        return matches == null ? index : matches[index];
    }

    @Override
    public int size() {
        return size;
    }

    public EventLog log() {
        return log;
    }

    /** Row of the last shown event at a cycle {@code <= cycle}, or -1. */
    public int rowAtOrBefore(long cycle) {
        if (log == null || size == 0) {
            return -1;
        }
        if (matches == null) {
            return log.countUpTo(cycle) - 1;
        }
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (log.cycleOf(matches[mid]) <= cycle) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo - 1;
    }
}
