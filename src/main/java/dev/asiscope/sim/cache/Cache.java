package dev.asiscope.sim.cache;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One set-associative, write-back, write-allocate cache of physical lines, with provenance on every line.
 *
 * <p>The cache holds no data bytes (those live in {@code PhysicalMemory}); it tracks which lines are
 * present, whether they are dirty, who brought them in, and the replacement state. An address maps to
 * line number {@code pa >>> log2(lineSize)} and to set {@code lineNumber & (sets - 1)}.
 *
 * <p>Invariants:
 * <ul>
 *   <li>A line is present in at most one way of its set.</li>
 *   <li>A fill uses the lowest-numbered invalid way of the set if there is one; otherwise the victim chosen
 *       by the {@link Replacement} policy. Only hits and fills update replacement state.</li>
 *   <li>{@link #peek}, {@link #peekVictim}, {@link #contains}, {@link #line}, {@link #lines} and the counters
 *       never change any state (no replacement update, no counter change).</li>
 *   <li>Every dirty line that leaves the cache (eviction or invalidation) counts one write-back; the caller
 *       (the hierarchy) moves the data to the next level.</li>
 *   <li>An empty cache (new, or after {@link #invalidateAll}) is in the initial replacement state.</li>
 * </ul>
 *
 * <p>State is kept in flat per-way arrays indexed {@code set * ways + way} so that the hit path does not
 * allocate. Not thread-safe.
 */
public final class Cache {
    /** Tag value of an invalid way. Line numbers are at most 2^61 - 1, so this never matches a line. */
    private static final long INVALID = -1L;

    private final CacheGeometry geometry;
    private final int ways;
    private final int sets;
    private final int setMask;
    private final int lineShift;
    private final boolean plru;
    private final int plruLevels;
    /** Per way, the tree-PLRU bits a touch sets and clears ({@link #plruMasks}); null unless tree PLRU. */
    private final long[] plruSet;
    private final long[] plruClear;

    /**
     * The state, in blocks of consecutive sets that copies share until one side writes (copy-on-write), so
     * that a checkpoint of a large, mostly idle LLC costs a few array references instead of megabytes.
     */
    private final Block[] blocks;
    /** log2 of ways per block, and the mask of a way index inside its block. */
    private final int blockShift;
    private final int blockMask;
    /** Sets per block minus one (for the per-set PLRU bits). */
    private final int blockSetMask;
    /** Ways per block (a power of two). */
    private final int perBlock;
    /** LRU use counter: the last stamp given; reset with the replacement state. */
    private long clock;
    /** Identity allowed to write blocks in place; replaced on every {@link #copy()}. */
    private Object writer = new Object();

    /**
     * Ways {@code [first, first + n)} of the cache: tags (line number per way, or {@link #INVALID}),
     * dirty bits, provenance, LRU stamps (the cache's {@link #clock} at the way's last use: in a set whose
     * ways are all valid the smallest stamp is the least recently used way; 0 after a reset) or, for
     * TREE_PLRU, tree bits per set (bit n is heap node n, root 1; 1 = the victim is in the right half).
     * A use stamps one way, as the C reference's LRU does, instead of re-ranking the whole set.
     */
    private static final class Block {
        long[] tags;
        boolean[] dirty;
        LineProvenance[] provenance;
        long[] stamp;
        long[] plruBits;
        /** The cache that may write this block; its arrays still shared with an older block are copied first. */
        Object writer;
        /** Whether {@link #tags}, {@link #dirty} and {@link #provenance} are shared with another block. */
        boolean linesShared;
        /** Whether {@link #stamp} or {@link #plruBits} is shared with another block. */
        boolean replacementShared;

        Block(int n, int sets, boolean plru) {
            tags = new long[n];
            Arrays.fill(tags, INVALID);
            dirty = new boolean[n];
            provenance = new LineProvenance[n];
            stamp = plru ? null : new long[n];
            plruBits = plru ? new long[sets] : null;
        }

        /** A block for {@code writer} sharing {@code o}'s arrays, none of which either may write in place. */
        Block(Block o, Object writer) {
            tags = o.tags;
            dirty = o.dirty;
            provenance = o.provenance;
            stamp = o.stamp;
            plruBits = o.plruBits;
            linesShared = true;
            replacementShared = true;
            this.writer = writer;
        }

        /** Makes the lines' arrays this block's own. */
        void ownLines() {
            if (linesShared) {
                tags = tags.clone();
                dirty = dirty.clone();
                provenance = provenance.clone(); // records are immutable
                linesShared = false;
            }
        }

        /** Makes the replacement state this block's own. */
        void ownReplacement() {
            if (replacementShared) {
                stamp = stamp == null ? null : stamp.clone();
                plruBits = plruBits == null ? null : plruBits.clone();
                replacementShared = false;
            }
        }
    }

    private long hits;
    private long misses;
    private long fills;
    private long evictions;
    private long writebacks;
    private long invalidations;

    /** An empty cache of the given shape. */
    public Cache(CacheGeometry geometry) {
        this.geometry = Objects.requireNonNull(geometry, "geometry");
        this.ways = geometry.ways();
        this.sets = geometry.sets();
        this.setMask = sets - 1;
        this.lineShift = geometry.lineShift();
        this.plru = geometry.replacement() == Replacement.TREE_PLRU;
        this.plruLevels = Integer.numberOfTrailingZeros(ways);
        long[][] masks = plru ? plruMasks(ways, plruLevels) : null;
        this.plruSet = plru ? masks[0] : null;
        this.plruClear = plru ? masks[1] : null;
        int n = sets * ways;
        this.perBlock = Math.min(n, 1024);
        this.blockShift = Integer.numberOfTrailingZeros(perBlock);
        this.blockMask = perBlock - 1;
        this.blockSetMask = perBlock / ways - 1;
        this.blocks = new Block[n / perBlock];
        for (int b = 0; b < blocks.length; b++) {
            blocks[b] = new Block(perBlock, perBlock / ways, plru);
            blocks[b].writer = writer;
        }
        resetReplacement();
    }

    private Cache(Cache o) {
        this.geometry = o.geometry;
        this.ways = o.ways;
        this.sets = o.sets;
        this.setMask = o.setMask;
        this.lineShift = o.lineShift;
        this.plru = o.plru;
        this.plruLevels = o.plruLevels;
        this.plruSet = o.plruSet;
        this.plruClear = o.plruClear;
        this.blockShift = o.blockShift;
        this.blockMask = o.blockMask;
        this.blockSetMask = o.blockSetMask;
        this.perBlock = o.perBlock;
        this.clock = o.clock;
        this.blocks = o.blocks.clone();
        // Neither side may write the now shared blocks in place any more.
        o.writer = new Object();
        this.hits = o.hits;
        this.misses = o.misses;
        this.fills = o.fills;
        this.evictions = o.evictions;
        this.writebacks = o.writebacks;
        this.invalidations = o.invalidations;
    }

    /** A deep copy: later changes to either cache do not affect the other. */
    public Cache copy() {
        return new Cache(this);
    }

    /** The shape this cache was built with. */
    public CacheGeometry geometry() {
        return geometry;
    }

    /** Number of sets. */
    public int sets() {
        return sets;
    }

    /** Associativity. */
    public int ways() {
        return ways;
    }

    /** The physical address of the first byte of the line containing {@code pa}. */
    public long lineAddress(long pa) {
        return (pa >>> lineShift) << lineShift;
    }

    /** The set {@code pa} maps to. */
    public int setIndex(long pa) {
        return (int) (pa >>> lineShift) & setMask;
    }

    // ---------------------------------------------------------------------------------------------
    // Accesses (change state)

    /**
     * Looks the line up. On a hit the replacement state is updated and, if {@code write}, the line becomes
     * dirty; counts a hit. On a miss nothing changes except the miss counter (no allocation: the caller
     * decides to {@link #fill}).
     *
     * @return whether the line was present
     */
    public boolean lookup(long pa, boolean write) {
        return lookupIndex(pa, write) >= 0;
    }

    /**
     * {@link #lookup}, returning where the line was found: its way index {@code set * ways + way}, or -1 on a
     * miss. For the hierarchy's hit path, which reads the hit line's provenance by index without a second
     * search.
     */
    int lookupIndex(long pa, boolean write) {
        int i = hitIndex(pa, write);
        if (i < 0) {
            countMiss();
        }
        return i;
    }

    /** Counts a miss of a lookup {@link #hitIndex} answered with -1 (the caller then fills the line). */
    void countMiss() {
        misses++;
    }

    /**
     * {@link #lookupIndex} for a line that is present; for an absent one -1 and nothing changes, not even the
     * miss count (the caller's full access counts the miss once).
     */
    int hitIndex(long pa, boolean write) {
        long ln = pa >>> lineShift;
        int set = (int) ln & setMask;
        int base = set * ways;
        int w = presentWay(base, ln);
        if (w < 0) {
            return -1;
        }
        hits++;
        if (write) {
            own(base + w).dirty[(base + w) & blockMask] = true;
        }
        touch(set, base, w);
        return base + w;
    }

    /**
     * A read of the line containing {@code pa} if it is present: then exactly what {@code lookupIndex(pa, false)}
     * does (counted as a hit, replacement state updated) and true; if absent nothing changes, not even the
     * miss count, and false (the caller's full access then counts the miss once).
     */
    boolean readIfPresent(long pa) {
        return hitIndex(pa, false) >= 0;
    }

    /**
     * {@link #readIfPresent} of {@code count} lines {@code stride} bytes apart from {@code pa}, in order, up to
     * the first absent one: how many were present (each counted as a hit and touched, exactly as that many
     * calls). A tree-PLRU cache makes its replacement state its own once per block instead of once per line.
     */
    int readRunIfPresent(long pa, long stride, int count) {
        if (!plru) {
            int n = 0;
            while (n < count && readIfPresent(pa + n * stride)) {
                n++;
            }
            return n;
        }
        int n = 0;
        int ownedBlock = -1;
        Block blk = null;
        while (n < count) {
            long ln = (pa + n * stride) >>> lineShift;
            int set = (int) ln & setMask;
            int base = set * ways;
            int w = presentWay(base, ln);
            if (w < 0) {
                break;
            }
            hits++;
            if (base >>> blockShift != ownedBlock) {
                blk = ownReplacement(base);
                ownedBlock = base >>> blockShift;
            }
            plruTouch(blk, set, w);
            n++;
        }
        return n;
    }

    /** The provenance of way index {@code i} ({@code set * ways + way}), or {@code null} if it is invalid. */
    LineProvenance provenanceAt(int i) {
        return blocks[i >>> blockShift].provenance[i & blockMask];
    }

    /** Number of ways in all ({@code sets * ways}): the range of way indexes. */
    int wayCount() {
        return sets * ways;
    }

    /**
     * Brings the line containing {@code pa} into the cache. If the set is full the policy's victim is
     * evicted and returned (with its dirty flag: a dirty victim owes a write-back, counted here).
     *
     * <p>If the line is already present this behaves like a hit: replacement state is updated,
     * {@code dirty} is OR-ed in, the original provenance is kept, no fill is counted, and {@code null} is
     * returned.
     *
     * @param provenance who brings the line in; its {@code physicalLine} must be {@link #lineAddress}(pa)
     * @param dirty      whether the line arrives modified (a store miss, or a dirty write-back from above)
     * @return the evicted line, or {@code null} if an invalid way was used or the line was present
     */
    public CacheLine fill(long pa, LineProvenance provenance, boolean dirty) {
        return fillWay(pa, provenance, dirty, true, true) > 0 ? victim() : null;
    }

    /**
     * {@link #fill} without the victim's snapshot: 1 if a valid line was evicted (then {@link #victim()} and
     * the {@code victim*} fields describe it until the next fill), 0 if an invalid way was used, -1 if the
     * line was present. The hierarchy's miss path, which snapshots a victim only when someone needs one.
     *
     * @param mayBePresent false when the caller has just seen the line miss (a lookup or a refused
     *                     write-back), so the search for it is skipped; a wrong false would break the
     *                     one-way-per-line invariant
     * @param wantVictim   whether {@link #victim()} will be asked for; if not, {@code victimProvenance} is
     *                     read only for a dirty victim (whose write-back needs it), which spares a clean
     *                     eviction one more memory access
     */
    int fillWay(long pa, LineProvenance provenance, boolean dirty, boolean mayBePresent, boolean wantVictim) {
        Objects.requireNonNull(provenance, "provenance");
        long ln = pa >>> lineShift;
        if (provenance.physicalLine() != ln << lineShift) {
            throw new IllegalArgumentException(geometry.name() + ": provenance is for line 0x"
                    + Long.toHexString(provenance.physicalLine()) + ", not 0x" + Long.toHexString(ln << lineShift));
        }
        int set = (int) ln & setMask;
        int base = set * ways;
        int w = mayBePresent ? presentWay(base, ln) : -1;
        if (w >= 0) {
            own(base + w).dirty[(base + w) & blockMask] |= dirty;
            touch(set, base, w);
            return -1;
        }
        w = victimWay(set, base);
        int i = base + w;
        Block blk = own(i);
        int j = i & blockMask;
        int evicted = 0;
        if (blk.tags[j] != INVALID) {
            victimSet = set;
            victimWay = w;
            victimLine = blk.tags[j] << lineShift;
            victimDirty = blk.dirty[j];
            victimProvenance = victimDirty || wantVictim ? blk.provenance[j] : null;
            evictions++;
            if (victimDirty) {
                writebacks++;
            }
            evicted = 1;
        }
        blk.tags[j] = ln;
        blk.dirty[j] = dirty;
        blk.provenance[j] = provenance;
        fills++;
        touch(set, base, w);
        return evicted;
    }

    /** The victim of the last {@link #fillWay} that returned 1: set, way, line address, dirty, provenance. */
    int victimSet;
    int victimWay;
    long victimLine;
    boolean victimDirty;
    LineProvenance victimProvenance;

    /** A snapshot of the last {@link #fillWay} victim. */
    CacheLine victim() {
        return new CacheLine(victimSet, victimWay, victimLine, victimDirty, victimProvenance);
    }

    /** The way of line number {@code ln} in the set starting at way index {@code base}, or -1. */
    private int presentWay(int base, long ln) {
        int off = base & blockMask;
        if (off + ways <= perBlock) {
            long[] tags = blocks[base >>> blockShift].tags;
            for (int w = 0; w < ways; w++) {
                if (tags[off + w] == ln) {
                    return w;
                }
            }
            return -1;
        }
        for (int w = 0; w < ways; w++) {
            if (blocks[(base + w) >>> blockShift].tags[(base + w) & blockMask] == ln) {
                return w;
            }
        }
        return -1;
    }

    /**
     * Accepts a dirty line written back from the level above, if this cache holds it: marks it dirty
     * without touching replacement state. If the line is absent nothing changes and the caller should
     * {@link #fill} it dirty.
     *
     * @return whether the line was present
     */
    public boolean absorbWriteBack(long pa) {
        int i = indexOf(pa);
        if (i < 0) {
            return false;
        }
        own(i).dirty[(i) & blockMask] = true;
        return true;
    }

    /**
     * Drops the line containing {@code pa} (a dirty line is written back first and counted). Replacement
     * state of the other ways is unchanged.
     *
     * @return the dropped line, or {@code null} if it was not present
     */
    public CacheLine invalidate(long pa) {
        int i = indexOf(pa);
        if (i < 0) {
            return null;
        }
        int set = i / ways;
        int w = i - set * ways;
        CacheLine dropped = snapshot(set, w);
        clearWay(i);
        // LRU needs no update: an invalid way is filled before any valid one, whatever its stamp.
        return dropped;
    }

    /**
     * Drops every line (dirty lines are written back first and counted) and resets the replacement state.
     *
     * @return the dropped lines in set/way order and how many were dirty
     */
    public Invalidation invalidateAll() {
        List<CacheLine> dropped = new ArrayList<>();
        int dirtyCount = 0;
        for (int i = 0; i < sets * ways; i++) {
            if (blocks[(i) >>> blockShift].tags[(i) & blockMask] != INVALID) {
                CacheLine l = snapshot(i / ways, i % ways);
                dropped.add(l);
                if (l.dirty()) {
                    dirtyCount++;
                }
                clearWay(i);
            }
        }
        resetReplacement();
        return dropped.isEmpty() ? Invalidation.NONE : new Invalidation(dropped, dirtyCount);
    }

    // ---------------------------------------------------------------------------------------------
    // Inspection (never changes state)

    /** Whether the line containing {@code pa} is present. No side effects. */
    public boolean contains(long pa) {
        return indexOf(pa) >= 0;
    }

    /** A snapshot of the line containing {@code pa}, or {@code null}. No side effects. */
    public CacheLine peek(long pa) {
        int i = indexOf(pa);
        return i < 0 ? null : snapshot(i / ways, i % ways);
    }

    /** The provenance of the line containing {@code pa}, or {@code null} if absent. No side effects. */
    public LineProvenance provenanceOf(long pa) {
        int i = indexOf(pa);
        return i < 0 ? null : blocks[(i) >>> blockShift].provenance[(i) & blockMask];
    }

    /**
     * The line a {@link #fill} of {@code pa} would evict now, or {@code null} if it would evict nothing (the
     * line is present or its set has an invalid way). No side effects.
     */
    public CacheLine peekVictim(long pa) {
        if (contains(pa)) {
            return null;
        }
        int set = setIndex(pa);
        int w = victimWay(set, set * ways);
        return blocks[(set * ways + w) >>> blockShift].tags[(set * ways + w) & blockMask] == INVALID ? null : snapshot(set, w);
    }

    /** A snapshot of one way, or {@code null} if it is invalid. No side effects. */
    public CacheLine line(int set, int way) {
        Objects.checkIndex(set, sets);
        Objects.checkIndex(way, ways);
        return blocks[(set * ways + way) >>> blockShift].tags[(set * ways + way) & blockMask] == INVALID ? null : snapshot(set, way);
    }

    /** Snapshots of all valid lines in set/way order. No side effects. */
    public List<CacheLine> lines() {
        List<CacheLine> out = new ArrayList<>();
        for (int i = 0; i < sets * ways; i++) {
            if (blocks[(i) >>> blockShift].tags[(i) & blockMask] != INVALID) {
                out.add(snapshot(i / ways, i % ways));
            }
        }
        return out;
    }

    /** Number of valid lines. No side effects. */
    public int occupancy() {
        int n = 0;
        for (Block b : blocks) {
            for (long t : b.tags) {
                if (t != INVALID) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Lookups that hit. */
    public long hits() {
        return hits;
    }

    /** Lookups that missed. */
    public long misses() {
        return misses;
    }

    /** Lines brought in by {@link #fill} (fills of an already-present line are not counted). */
    public long fills() {
        return fills;
    }

    /** Valid lines evicted by fills. */
    public long evictions() {
        return evictions;
    }

    /** Dirty lines that left the cache (evicted or invalidated): each one is a write-back. */
    public long writebacks() {
        return writebacks;
    }

    /** Valid lines dropped by {@link #invalidate} / {@link #invalidateAll}. */
    public long invalidations() {
        return invalidations;
    }

    /**
     * A hash of the whole state (contents, dirty bits, provenance, replacement state, counters) that is the
     * same in every JVM run: equal for equal states, and (with overwhelming probability) different otherwise.
     */
    public long stateHash() {
        long h = StableHash.mix(StableHash.SEED, geometry.stableHash());
        for (int i = 0; i < sets * ways; i++) {
            if (blocks[(i) >>> blockShift].tags[(i) & blockMask] != INVALID) {
                h = StableHash.mix(h, i);
                h = StableHash.mix(h, blocks[(i) >>> blockShift].tags[(i) & blockMask]);
                h = StableHash.mix(h, blocks[(i) >>> blockShift].dirty[(i) & blockMask] ? 1 : 0);
                h = StableHash.mix(h, blocks[(i) >>> blockShift].provenance[(i) & blockMask].stableHash());
            }
        }
        for (Block blk : blocks) {
            if (plru) {
                for (long b : blk.plruBits) {
                    h = StableHash.mix(h, b);
                }
            } else {
                for (long a : blk.stamp) {
                    h = StableHash.mix(h, a);
                }
            }
        }
        h = StableHash.mix(h, clock);
        h = StableHash.mix(h, hits);
        h = StableHash.mix(h, misses);
        h = StableHash.mix(h, fills);
        h = StableHash.mix(h, evictions);
        h = StableHash.mix(h, writebacks);
        return StableHash.mix(h, invalidations);
    }

    @Override
    public String toString() {
        return geometry.name() + "[" + sets + " sets x " + ways + " ways, " + occupancy() + " valid]";
    }

    // ---------------------------------------------------------------------------------------------
    // Internals

    private int indexOf(long pa) {
        long ln = pa >>> lineShift;
        int base = ((int) ln & setMask) * ways;
        int w = presentWay(base, ln);
        return w < 0 ? -1 : base + w;
    }

    private CacheLine snapshot(int set, int way) {
        int i = set * ways + way;
        return new CacheLine(set, way, blocks[(i) >>> blockShift].tags[(i) & blockMask] << lineShift, blocks[(i) >>> blockShift].dirty[(i) & blockMask], blocks[(i) >>> blockShift].provenance[(i) & blockMask]);
    }

    private void clearWay(int i) {
        invalidations++;
        if (blocks[(i) >>> blockShift].dirty[(i) & blockMask]) {
            writebacks++;
        }
        own(i).tags[(i) & blockMask] = INVALID;
        own(i).dirty[(i) & blockMask] = false;
        own(i).provenance[(i) & blockMask] = null;
    }

    private int victimWay(int set, int base) {
        int off = base & blockMask;
        if (!plru && off + ways <= perBlock) {
            // One pass over the set: the lowest invalid way, else the smallest stamp.
            Block blk = blocks[base >>> blockShift];
            long[] tags = blk.tags;
            long[] stamps = blk.stamp;
            int oldest = 0;
            long min = Long.MAX_VALUE;
            for (int w = 0; w < ways; w++) {
                if (tags[off + w] == INVALID) {
                    return w;
                }
                long st = stamps[off + w];
                if (st < min) {
                    min = st;
                    oldest = w;
                }
            }
            return oldest;
        }
        for (int w = 0; w < ways; w++) {
            if (blocks[(base + w) >>> blockShift].tags[(base + w) & blockMask] == INVALID) {
                return w;
            }
        }
        if (plru) {
            long bits = blocks[(set * ways) >>> blockShift].plruBits[set & blockSetMask];
            int node = 1;
            for (int l = 0; l < plruLevels; l++) {
                node = (node << 1) | (int) ((bits >>> node) & 1);
            }
            return node - ways;
        }
        // Every way is valid: the least recently used one has the smallest stamp (stamps are distinct).
        int oldest = 0;
        long min = Long.MAX_VALUE;
        for (int w = 0; w < ways; w++) {
            long st = blocks[(base + w) >>> blockShift].stamp[(base + w) & blockMask];
            if (st < min) {
                min = st;
                oldest = w;
            }
        }
        return oldest;
    }

    private void touch(int set, int base, int way) {
        if (plru) {
            plruTouch(ownReplacement(set * ways), set, way);
            return;
        }
        ownReplacement(base + way).stamp[(base + way) & blockMask] = ++clock;
    }

    /** Makes {@code way} of {@code set} the most recently used in its tree (blk: the set's own block). */
    private void plruTouch(Block blk, int set, int way) {
        int i = set & blockSetMask;
        blk.plruBits[i] = (blk.plruBits[i] | plruSet[way]) & ~plruClear[way];
    }

    /**
     * The tree-PLRU bits touching way {@code w} sets and clears: on the path from the root to {@code w}, a node
     * whose left half holds {@code w} points right (bit set: the victim is on the right) and one whose right
     * half holds it points left (bit cleared). The same for every touch of {@code w}, so made once.
     */
    private static long[][] plruMasks(int ways, int levels) {
        long[] set = new long[ways];
        long[] clear = new long[ways];
        for (int w = 0; w < ways; w++) {
            int node = 1;
            for (int b = levels - 1; b >= 0; b--) {
                int dir = (w >>> b) & 1;
                if (dir == 0) {
                    set[w] |= 1L << node;
                } else {
                    clear[w] |= 1L << node;
                }
                node = (node << 1) | dir;
            }
        }
        return new long[][] {set, clear};
    }

    private void resetReplacement() {
        clock = 0;
        for (int b = 0; b < blocks.length; b++) {
            Block blk = ownReplacement(b << blockShift);
            if (plru) {
                Arrays.fill(blk.plruBits, 0L);
            } else {
                Arrays.fill(blk.stamp, 0L);
            }
        }
    }

    /**
     * The block holding way index {@code i}, its lines (tags, dirty bits, provenance) made private to this
     * cache first if they are shared.
     */
    private Block own(int i) {
        Block blk = ownBlock(i);
        blk.ownLines();
        return blk;
    }

    /**
     * The block holding way index {@code i}, its replacement state made private first if shared: a hit writes
     * only that, so after a checkpoint the hits copy a block's replacement state, not its lines.
     */
    private Block ownReplacement(int i) {
        Block blk = ownBlock(i);
        blk.ownReplacement();
        return blk;
    }

    /** The block object holding way index {@code i}, made this cache's (sharing the arrays) if it is not. */
    private Block ownBlock(int i) {
        int b = i >>> blockShift;
        Block blk = blocks[b];
        if (blk.writer != writer) {
            blk = new Block(blk, writer);
            blocks[b] = blk;
        }
        return blk;
    }
}
