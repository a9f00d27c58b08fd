package dev.asiscope.sim.cache;

import dev.asiscope.sim.security.DataLabel;
import dev.asiscope.sim.security.SecurityDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The line fill buffers (LFBs) of one physical core, shared by its hyperthreads. Every L1D miss allocates
 * an entry round-robin, overwriting the entry allocated longest ago; entries are never freed by the fill
 * completing, so they hold stale line data (the MFBDS / RIDL / ZombieLoad source) until reused or
 * {@link #clear() cleared} by VERW (MD_CLEAR) or an L1D flush.
 *
 * <p>Invariants: at most {@link #size()} entries; after {@link #clear()} the buffers are in the initial
 * state (empty, next slot 0). Inspection methods never change state. Not thread-safe.
 */
public final class LineFillBuffers {
    /** Default number of entries per core (Skylake-class cores have 10-12). */
    public static final int DEFAULT_ENTRIES = 10;

    private final int lineShift;
    /**
     * Per slot: the line, the fill's provenance ({@code null} = empty slot) and the allocation cycle. Kept
     * as arrays rather than {@link LfbEntry} records so that an L1D miss allocates no entry object; the
     * records are made when someone reads an entry.
     */
    private final long[] lines;
    private final LineProvenance[] provenance;
    private final long[] cycles;
    private int next;
    private long allocations;
    private long clears;

    /** {@link #DEFAULT_ENTRIES} buffers for 64-byte lines. */
    public LineFillBuffers() {
        this(DEFAULT_ENTRIES, 64);
    }

    /**
     * @param entries  number of buffers, at least 1
     * @param lineSize line size in bytes, a power of two
     */
    public LineFillBuffers(int entries, int lineSize) {
        if (entries < 1) {
            throw new IllegalArgumentException("line fill buffers: need at least 1 entry, got " + entries);
        }
        if (lineSize < 1 || Integer.bitCount(lineSize) != 1) {
            throw new IllegalArgumentException("line fill buffers: line size must be a power of two, got " + lineSize);
        }
        this.lineShift = Integer.numberOfTrailingZeros(lineSize);
        this.lines = new long[entries];
        this.provenance = new LineProvenance[entries];
        this.cycles = new long[entries];
    }

    private LineFillBuffers(LineFillBuffers o) {
        this.lineShift = o.lineShift;
        this.lines = o.lines.clone();
        this.provenance = o.provenance.clone(); // provenance records are immutable
        this.cycles = o.cycles.clone();
        this.next = o.next;
        this.allocations = o.allocations;
        this.clears = o.clears;
    }

    /** A deep copy. */
    public LineFillBuffers copy() {
        return new LineFillBuffers(this);
    }

    /** Number of buffers. */
    public int size() {
        return lines.length;
    }

    /**
     * Allocates the next buffer (round-robin, i.e. the oldest allocation) for a fill of the line holding
     * {@code pa}, overwriting whatever stale entry it held.
     *
     * @return the new entry
     */
    public LfbEntry allocate(long pa, LineProvenance provenance, long cycle) {
        return entry(record(pa, provenance, cycle));
    }

    /** {@link #allocate} without making the entry record (the hierarchy's miss path); returns the slot. */
    int record(long pa, LineProvenance p, long cycle) {
        Objects.requireNonNull(p, "provenance");
        int slot = next;
        lines[slot] = (pa >>> lineShift) << lineShift;
        provenance[slot] = p;
        cycles[slot] = cycle;
        next = slot + 1 == lines.length ? 0 : slot + 1;
        allocations++;
        return slot;
    }

    /** The entry in {@code slot} as a record, or {@code null} if the slot is empty. */
    private LfbEntry at(int slot) {
        LineProvenance p = provenance[slot];
        return p == null ? null : new LfbEntry(slot, lines[slot], p, cycles[slot]);
    }

    /**
     * Overwrites every buffer (VERW with MD_CLEAR, or as part of an L1D flush).
     *
     * @return how many entries held (stale) data
     */
    public int clear() {
        int n = 0;
        for (int i = 0; i < lines.length; i++) {
            if (provenance[i] != null) {
                n++;
                provenance[i] = null;
                lines[i] = 0;
                cycles[i] = 0;
            }
        }
        next = 0;
        clears++;
        return n;
    }

    /** The entry in {@code slot}, or {@code null} if empty. No side effects. */
    public LfbEntry entry(int slot) {
        return at(Objects.checkIndex(slot, lines.length));
    }

    /** Non-empty entries in slot order. No side effects. */
    public List<LfbEntry> entries() {
        List<LfbEntry> out = new ArrayList<>(lines.length);
        for (int i = 0; i < lines.length; i++) {
            if (provenance[i] != null) {
                out.add(at(i));
            }
        }
        return out;
    }

    /**
     * The label of the first entry, in slot order, holding a secret of a domain other than {@code domain}, or
     * null: what exposure tracking asks after every step, answered without building entries.
     */
    public DataLabel foreignSecret(SecurityDomain domain) {
        for (LineProvenance p : provenance) {
            if (p != null && p.label().isSecretOf(domain)) {
                return p.label();
            }
        }
        return null;
    }

    /** Non-empty entries, most recently allocated first. No side effects. */
    public List<LfbEntry> entriesNewestFirst() {
        List<LfbEntry> out = new ArrayList<>(lines.length);
        for (int k = 1; k <= lines.length; k++) {
            int i = Math.floorMod(next - k, lines.length);
            if (provenance[i] != null) {
                out.add(at(i));
            }
        }
        return out;
    }

    /** The most recently allocated entry still present, or {@code null}. No side effects. */
    public LfbEntry mostRecent() {
        // after clear() next is 0 and every slot is empty, so this is null
        return at(Math.floorMod(next - 1, lines.length));
    }

    /** The most recent entry for the line holding {@code pa}, or {@code null}. No side effects. */
    public LfbEntry find(long pa) {
        int i = findSlot(pa);
        return i < 0 ? null : at(i);
    }

    /** The slot of the most recent entry for the line holding {@code pa}, or -1. */
    private int findSlot(long pa) {
        long line = (pa >>> lineShift) << lineShift;
        for (int k = 1; k <= lines.length; k++) {
            int i = Math.floorMod(next - k, lines.length);
            if (provenance[i] != null && lines[i] == line) {
                return i;
            }
        }
        return -1;
    }

    /** Whether some entry holds the line containing {@code pa}. No side effects. */
    public boolean contains(long pa) {
        return findSlot(pa) >= 0;
    }

    /** The provenance of the most recent entry for the line holding {@code pa}, or {@code null}. */
    LineProvenance provenanceOf(long pa) {
        int i = findSlot(pa);
        return i < 0 ? null : provenance[i];
    }

    /** Entries allocated since creation. */
    public long allocations() {
        return allocations;
    }

    /** Number of {@link #clear()} calls. */
    public long clears() {
        return clears;
    }

    /** A hash of the whole state, the same in every JVM run. */
    public long stateHash() {
        long h = StableHash.mix(StableHash.SEED, lines.length);
        for (int i = 0; i < lines.length; i++) {
            if (provenance[i] == null) {
                h = StableHash.mix(h, -1);
            } else {
                h = StableHash.mix(h, lines[i]);
                h = StableHash.mix(h, cycles[i]);
                h = StableHash.mix(h, provenance[i].stableHash());
            }
        }
        h = StableHash.mix(h, next);
        h = StableHash.mix(h, allocations);
        return StableHash.mix(h, clears);
    }
}
