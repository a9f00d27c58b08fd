package dev.asiscope.sim.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * The engine's single ordered log of state changes, stored column-wise because a benchmark-sized run
 * logs millions of events. Events are appended in cycle order; {@link #get(long)} materialises one.
 */
public final class EventLog {
    private long[] cycles = new long[1024];
    private long[] addresses = new long[1024];
    private short[] cpus = new short[1024];
    private byte[] kinds = new byte[1024];
    private EventFact[] facts = new EventFact[1024];
    private int size;
    private final int[] countByKind = new int[EventKind.values().length];
    private static final EventKind[] KINDS = EventKind.values();

    /** Appends an event and returns its sequence number. */
    public long append(long cycle, int cpu, EventKind kind, long address, EventFact fact) {
        if (size == cycles.length) {
            int n = size * 2;
            cycles = Arrays.copyOf(cycles, n);
            addresses = Arrays.copyOf(addresses, n);
            cpus = Arrays.copyOf(cpus, n);
            kinds = Arrays.copyOf(kinds, n);
            facts = Arrays.copyOf(facts, n);
        }
        cycles[size] = cycle;
        addresses[size] = address;
        cpus[size] = (short) cpu;
        kinds[size] = (byte) kind.ordinal();
        facts[size] = fact;
        countByKind[kind.ordinal()]++;
        return size++;
    }

    public int size() {
        return size;
    }

    /** The event at {@code seq}. */
    public Event get(long seq) {
        int i = Math.toIntExact(seq);
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("no event " + seq + " (log has " + size + ")");
        }
        return new Event(i, cycles[i], cpus[i], KINDS[kinds[i]], addresses[i], facts[i]);
    }

    public long cycleOf(long seq) {
        return cycles[Math.toIntExact(seq)];
    }

    public EventKind kindOf(long seq) {
        return KINDS[kinds[Math.toIntExact(seq)]];
    }

    /** The logical CPU of event {@code seq} (-1 for machine-wide events). */
    public int cpuOf(long seq) {
        return cpus[Math.toIntExact(seq)];
    }

    /** The fact of event {@code seq}. */
    public EventFact factOf(long seq) {
        return facts[Math.toIntExact(seq)];
    }

    /** Number of events of {@code kind} in the whole log. */
    public int count(EventKind kind) {
        return countByKind[kind.ordinal()];
    }

    /** Number of events at cycles {@code <= cycle}: the index of the first event after it. */
    public int countUpTo(long cycle) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cycles[mid] <= cycle) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** All events of the given kinds, in order (use sparingly on big logs). */
    public List<Event> ofKind(EventKind... wanted) {
        boolean[] want = new boolean[KINDS.length];
        for (EventKind k : wanted) {
            want[k.ordinal()] = true;
        }
        List<Event> out = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            if (want[kinds[i]]) {
                out.add(get(i));
            }
        }
        return out;
    }

    /** First event after {@code fromSeq} (exclusive) matching {@code p}, or null. */
    public Event next(long fromSeq, Predicate<Event> p) {
        for (long i = fromSeq + 1; i < size; i++) {
            Event e = get(i);
            if (p.test(e)) {
                return e;
            }
        }
        return null;
    }

    /** Last event before {@code fromSeq} (exclusive) matching {@code p}, or null. */
    public Event previous(long fromSeq, Predicate<Event> p) {
        for (long i = Math.min(fromSeq, size) - 1; i >= 0; i--) {
            Event e = get(i);
            if (p.test(e)) {
                return e;
            }
        }
        return null;
    }

    /** Approximate heap bytes used by the columns and the facts (for the history-memory figure). */
    public long approximateBytes() {
        return (long) cycles.length * (8 + 8 + 2 + 1 + 4) + (long) size * 24;
    }
}
