package dev.asiscope.sim.cache;

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
    private final LfbEntry[] slots;
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
        this.slots = new LfbEntry[entries];
    }

    private LineFillBuffers(LineFillBuffers o) {
        this.lineShift = o.lineShift;
        this.slots = o.slots.clone(); // entries are immutable
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
        return slots.length;
    }

    /**
     * Allocates the next buffer (round-robin, i.e. the oldest allocation) for a fill of the line holding
     * {@code pa}, overwriting whatever stale entry it held.
     *
     * @return the new entry
     */
    public LfbEntry allocate(long pa, LineProvenance provenance, long cycle) {
        Objects.requireNonNull(provenance, "provenance");
        LfbEntry e = new LfbEntry(next, (pa >>> lineShift) << lineShift, provenance, cycle);
        slots[next] = e;
        next = (next + 1) % slots.length;
        allocations++;
        return e;
    }

    /**
     * Overwrites every buffer (VERW with MD_CLEAR, or as part of an L1D flush).
     *
     * @return how many entries held (stale) data
     */
    public int clear() {
        int n = 0;
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] != null) {
                n++;
                slots[i] = null;
            }
        }
        next = 0;
        clears++;
        return n;
    }

    /** The entry in {@code slot}, or {@code null} if empty. No side effects. */
    public LfbEntry entry(int slot) {
        return slots[Objects.checkIndex(slot, slots.length)];
    }

    /** Non-empty entries in slot order. No side effects. */
    public List<LfbEntry> entries() {
        List<LfbEntry> out = new ArrayList<>(slots.length);
        for (LfbEntry e : slots) {
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    /** Non-empty entries, most recently allocated first. No side effects. */
    public List<LfbEntry> entriesNewestFirst() {
        List<LfbEntry> out = new ArrayList<>(slots.length);
        for (int k = 1; k <= slots.length; k++) {
            LfbEntry e = slots[Math.floorMod(next - k, slots.length)];
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    /** The most recently allocated entry still present, or {@code null}. No side effects. */
    public LfbEntry mostRecent() {
        LfbEntry e = slots[Math.floorMod(next - 1, slots.length)];
        return e; // after clear() next is 0 and every slot is empty, so this is null
    }

    /** The most recent entry for the line holding {@code pa}, or {@code null}. No side effects. */
    public LfbEntry find(long pa) {
        long line = (pa >>> lineShift) << lineShift;
        for (int k = 1; k <= slots.length; k++) {
            LfbEntry e = slots[Math.floorMod(next - k, slots.length)];
            if (e != null && e.physicalLine() == line) {
                return e;
            }
        }
        return null;
    }

    /** Whether some entry holds the line containing {@code pa}. No side effects. */
    public boolean contains(long pa) {
        return find(pa) != null;
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
        long h = StableHash.mix(StableHash.SEED, slots.length);
        for (LfbEntry e : slots) {
            if (e == null) {
                h = StableHash.mix(h, -1);
            } else {
                h = StableHash.mix(h, e.physicalLine());
                h = StableHash.mix(h, e.cycle());
                h = StableHash.mix(h, e.provenance().stableHash());
            }
        }
        h = StableHash.mix(h, next);
        h = StableHash.mix(h, allocations);
        return StableHash.mix(h, clears);
    }
}
