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
    /**
     * Events per chunk. The columns grow by whole chunks instead of doubling one array per column: a
     * benchmark-sized log then never copies what it holds, and no column becomes one array larger than the
     * collector's region (G1 allocates such "humongous" arrays in the old generation, one of the largest
     * costs of a long run when the log doubled).
     */
    private static final int CHUNK_BITS = 13;
    private static final int CHUNK = 1 << CHUNK_BITS;
    private static final int MASK = CHUNK - 1;

    private long[][] cycles = new long[8][];
    private long[][] addresses = new long[8][];
    private short[][] cpus = new short[8][];
    private byte[][] kinds = new byte[8][];
    private EventFact[][] facts = new EventFact[8][];
    private int size;
    private final int[] countByKind = new int[EventKind.values().length];
    private static final EventKind[] KINDS = EventKind.values();

    /** Appends an event and returns its sequence number. */
    public long append(long cycle, int cpu, EventKind kind, long address, EventFact fact) {
        int c = size >>> CHUNK_BITS;
        int i = size & MASK;
        if (i == 0) {
            addChunk(c);
        }
        cycles[c][i] = cycle;
        addresses[c][i] = address;
        cpus[c][i] = (short) cpu;
        kinds[c][i] = (byte) kind.ordinal();
        facts[c][i] = fact;
        countByKind[kind.ordinal()]++;
        return size++;
    }

    private void addChunk(int c) {
        if (c == cycles.length) {
            int n = c * 2;
            cycles = Arrays.copyOf(cycles, n);
            addresses = Arrays.copyOf(addresses, n);
            cpus = Arrays.copyOf(cpus, n);
            kinds = Arrays.copyOf(kinds, n);
            facts = Arrays.copyOf(facts, n);
        }
        cycles[c] = new long[CHUNK];
        addresses[c] = new long[CHUNK];
        cpus[c] = new short[CHUNK];
        kinds[c] = new byte[CHUNK];
        facts[c] = new EventFact[CHUNK];
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
        int c = i >>> CHUNK_BITS;
        int k = i & MASK;
        return new Event(i, cycles[c][k], cpus[c][k], KINDS[kinds[c][k]], addresses[c][k], facts[c][k]);
    }

    public long cycleOf(long seq) {
        int i = Math.toIntExact(seq);
        return cycles[i >>> CHUNK_BITS][i & MASK];
    }

    public EventKind kindOf(long seq) {
        int i = Math.toIntExact(seq);
        return KINDS[kinds[i >>> CHUNK_BITS][i & MASK]];
    }

    /** The logical CPU of event {@code seq} (-1 for machine-wide events). */
    public int cpuOf(long seq) {
        int i = Math.toIntExact(seq);
        return cpus[i >>> CHUNK_BITS][i & MASK];
    }

    /** The fact of event {@code seq}. */
    public EventFact factOf(long seq) {
        int i = Math.toIntExact(seq);
        return facts[i >>> CHUNK_BITS][i & MASK];
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
            if (cycles[mid >>> CHUNK_BITS][mid & MASK] <= cycle) {
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
            if (want[kinds[i >>> CHUNK_BITS][i & MASK]]) {
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
        long chunks = (size + CHUNK - 1) / CHUNK;
        return chunks * CHUNK * (8 + 8 + 2 + 1 + 4) + (long) size * 24;
    }
}
