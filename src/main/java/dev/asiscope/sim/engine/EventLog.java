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

    /**
     * Per chunk, the cycle of its first event, and each event's cycle as an offset from it: a chunk of a
     * benchmark-sized run spans a few million cycles, so four bytes per event instead of eight. A chunk whose
     * events span more than an int holds its cycles whole in {@link #wideCycles} instead (then non-null).
     */
    private long[] cycleBase = new long[8];
    private int[][] cycleOffsets = new int[8][];
    private long[][] wideCycles = new long[8][];
    /** Per chunk, the events' addresses; null while every event of the chunk has none (-1, most events). */
    private long[][] addresses = new long[8][];
    private short[][] cpus = new short[8][];
    private byte[][] kinds = new byte[8][];
    private EventFact[][] facts = new EventFact[8][];
    private int size;
    private final int[] countByKind = new int[EventKind.values().length];
    private static final EventKind[] KINDS = EventKind.values();

    /**
     * The last chunk's columns (where {@link #append} writes), read from the fields instead of through the
     * chunk tables on every event; {@link #lastOffsets} is null once that chunk holds whole cycles.
     */
    private int[] lastOffsets;
    private long[] lastWide;
    private long lastBase;
    private short[] lastCpus;
    private byte[] lastKinds;
    private EventFact[] lastFacts;

    /** Appends an event and returns its sequence number. */
    public long append(long cycle, int cpu, EventKind kind, long address, EventFact fact) {
        int i = size & MASK;
        if (i == 0) {
            startChunk(size >>> CHUNK_BITS, cycle);
        }
        long offset = cycle - lastBase;
        int[] offsets = lastOffsets;
        if (offsets != null && offset >= 0 && offset <= Integer.MAX_VALUE) {
            offsets[i] = (int) offset;
        } else {
            appendWide(i, cycle);
        }
        if (address != -1) {
            appendAddress(i, address);
        }
        lastCpus[i] = (short) cpu;
        lastKinds[i] = (byte) kind.ordinal();
        lastFacts[i] = fact;
        countByKind[kind.ordinal()]++;
        return size++;
    }

    private void startChunk(int c, long firstCycle) {
        addChunk(c);
        cycleBase[c] = firstCycle;
        lastBase = firstCycle;
        lastOffsets = cycleOffsets[c];
        lastWide = null;
        lastCpus = cpus[c];
        lastKinds = kinds[c];
        lastFacts = facts[c];
    }

    /** Event {@code i} of the last chunk is too far from the chunk's first: the chunk keeps whole cycles. */
    private void appendWide(int i, long cycle) {
        int c = size >>> CHUNK_BITS;
        if (lastWide == null) {
            widen(c, i);
            lastWide = wideCycles[c];
            lastOffsets = null;
        }
        lastWide[i] = cycle;
    }

    private void appendAddress(int i, long address) {
        int c = size >>> CHUNK_BITS;
        if (addresses[c] == null) {
            addresses[c] = new long[CHUNK];
            Arrays.fill(addresses[c], -1);
        }
        addresses[c][i] = address;
    }

    /** Chunk {@code c}'s first {@code n} cycles, and all after, as whole cycles. */
    private void widen(int c, int n) {
        long[] w = new long[CHUNK];
        for (int k = 0; k < n; k++) {
            w[k] = cycleBase[c] + cycleOffsets[c][k];
        }
        wideCycles[c] = w;
        cycleOffsets[c] = null;
    }

    private long cycleAt(int c, int k) {
        long[] w = wideCycles[c];
        return w != null ? w[k] : cycleBase[c] + cycleOffsets[c][k];
    }

    private long addressAt(int c, int k) {
        long[] a = addresses[c];
        return a == null ? -1 : a[k];
    }

    private void addChunk(int c) {
        if (c == cycleOffsets.length) {
            int n = c * 2;
            cycleBase = Arrays.copyOf(cycleBase, n);
            cycleOffsets = Arrays.copyOf(cycleOffsets, n);
            wideCycles = Arrays.copyOf(wideCycles, n);
            addresses = Arrays.copyOf(addresses, n);
            cpus = Arrays.copyOf(cpus, n);
            kinds = Arrays.copyOf(kinds, n);
            facts = Arrays.copyOf(facts, n);
        }
        cycleOffsets[c] = new int[CHUNK];
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
        return new Event(i, cycleAt(c, k), cpus[c][k], KINDS[kinds[c][k]], addressAt(c, k), facts[c][k]);
    }

    public long cycleOf(long seq) {
        int i = Math.toIntExact(seq);
        return cycleAt(i >>> CHUNK_BITS, i & MASK);
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
            if (cycleAt(mid >>> CHUNK_BITS, mid & MASK) <= cycle) {
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
