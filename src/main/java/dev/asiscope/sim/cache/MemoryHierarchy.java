package dev.asiscope.sim.cache;

import dev.asiscope.sim.security.AddressSpaceId;
import dev.asiscope.sim.security.Context;

import dev.asiscope.sim.mem.PhysicalMemory;
import dev.asiscope.sim.timing.LatencyTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The cache hierarchy of the simulated machine: per physical core one L1D, one L2 and one set of
 * {@link LineFillBuffers} (L1D and LFBs shared by the core's hyperthreads), and one LLC shared by all
 * cores, then DRAM. Logical CPU {@code n} belongs to physical core {@code n / threadsPerCore}.
 *
 * <p>Policy (documented simplifications):
 * <ul>
 *   <li><b>Fill path:</b> an access looks up L1D, L2, LLC, DRAM in order and fills every level that missed
 *       on the way back (L1D always, L2 unless it hit, LLC only from DRAM). Stores are write-allocate:
 *       only the L1D copy becomes dirty.</li>
 *   <li><b>Write-back:</b> a dirty victim of L1D is written back into L2 (marking L2's copy dirty, or
 *       filling it dirty if L2 lost it), a dirty L2 victim into the LLC likewise, a dirty LLC victim to
 *       DRAM. Write-backs cost no latency (they are off the load's critical path).</li>
 *   <li><b>No back-invalidation:</b> evicting a line from L2 or the LLC does not remove it from the
 *       levels above (non-inclusive eviction), so L1D contents depend only on the core's own accesses and
 *       flushes.</li>
 *   <li><b>LFB:</b> every L1D miss allocates a fill buffer entry on the core; it stays, stale, until reused
 *       or cleared.</li>
 *   <li>No coherence protocol: a line written on one core is not invalidated in other cores' caches.
 *       Labels, not data, are tracked here; data lives in {@link PhysicalMemory}.</li>
 *   <li>No store buffer is modelled here (it is per logical CPU and partitioned; see Linux
 *       Documentation/admin-guide/hw-vuln/mds.rst).</li>
 * </ul>
 *
 * <p>Every line records a {@link LineProvenance} captured when it is filled, with the label read from
 * {@link PhysicalMemory#labelOf} at that moment. All {@code peek*}, {@code inL1dOrLfb},
 * {@code l1dOrLfbProvenance} and counter methods are free of side effects. Not thread-safe.
 */
public final class MemoryHierarchy {
    private final int cores;
    private final int threadsPerCore;
    private final Cache[] l1d;
    private final Cache[] l2;
    private final LineFillBuffers[] lfb;
    private final Cache llc;
    private final LatencyTable latency;
    private final PhysicalMemory memory;
    private CacheListener listener;
    /** {@link #listener} if it wants L2 and LLC events too, else null (see {@link CacheListener#l1dOnly()}). */
    private CacheListener lowerListener;
    /**
     * Per core, per L1D way index: the outcome an L1D hit on that way returns, reused for as long as the way
     * holds the same fill (the same provenance object), so that an L1D hit allocates nothing. Not state: a
     * pure function of the line's provenance and the latency table, created on first use and never copied.
     */
    private final AccessOutcome[][] l1HitOutcomes;
    /** {@code coreOfCpu[cpu] = cpu / threadsPerCore}. */
    private final int[] coreOfCpu;

    private long dramReads;
    private long dramWritebacks;
    private long clflushes;
    private long l1dFlushes;
    private long verws;

    /**
     * @param cores          physical cores, at least 1
     * @param threadsPerCore hardware threads per core (1 = SMT off, 2 = hyperthreading), at least 1
     * @param l1dGeometry    shape of each core's L1D
     * @param l2Geometry     shape of each core's L2
     * @param llcGeometry    shape of the shared LLC
     * @param lfbEntries     line fill buffers per core, at least 1
     * @param latency        the latency table (l1Hit, l2Hit, llcHit, dram, l1dFlush, verw, clflush are used)
     * @param memory         physical memory, the source of line labels
     * @throws IllegalArgumentException if a count is out of range or the line sizes differ between levels
     */
    public MemoryHierarchy(int cores, int threadsPerCore, CacheGeometry l1dGeometry, CacheGeometry l2Geometry,
            CacheGeometry llcGeometry, int lfbEntries, LatencyTable latency, PhysicalMemory memory) {
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be >= 1, got " + cores);
        }
        if (threadsPerCore < 1) {
            throw new IllegalArgumentException("threadsPerCore must be >= 1, got " + threadsPerCore);
        }
        if (l1dGeometry.lineSize() != l2Geometry.lineSize() || l2Geometry.lineSize() != llcGeometry.lineSize()) {
            throw new IllegalArgumentException("all cache levels must have the same line size, got L1D "
                    + l1dGeometry.lineSize() + ", L2 " + l2Geometry.lineSize() + ", LLC " + llcGeometry.lineSize());
        }
        this.cores = cores;
        this.threadsPerCore = threadsPerCore;
        this.latency = Objects.requireNonNull(latency, "latency");
        this.memory = Objects.requireNonNull(memory, "memory");
        this.l1d = new Cache[cores];
        this.l2 = new Cache[cores];
        this.lfb = new LineFillBuffers[cores];
        for (int c = 0; c < cores; c++) {
            l1d[c] = new Cache(l1dGeometry);
            l2[c] = new Cache(l2Geometry);
            lfb[c] = new LineFillBuffers(lfbEntries, l1dGeometry.lineSize());
        }
        this.llc = new Cache(llcGeometry);
        this.l1HitOutcomes = new AccessOutcome[cores][];
        this.coreOfCpu = new int[cores * threadsPerCore];
        for (int cpu = 0; cpu < coreOfCpu.length; cpu++) {
            coreOfCpu[cpu] = cpu / threadsPerCore;
        }
    }

    /** A hierarchy with the default geometries and {@link LineFillBuffers#DEFAULT_ENTRIES} LFBs per core. */
    public static MemoryHierarchy withDefaults(int cores, int threadsPerCore, LatencyTable latency,
            PhysicalMemory memory) {
        return new MemoryHierarchy(cores, threadsPerCore, CacheGeometry.l1dDefault(), CacheGeometry.l2Default(),
                CacheGeometry.llcDefault(), LineFillBuffers.DEFAULT_ENTRIES, latency, memory);
    }

    private MemoryHierarchy(MemoryHierarchy o, PhysicalMemory memory) {
        this.cores = o.cores;
        this.threadsPerCore = o.threadsPerCore;
        this.latency = o.latency;
        this.memory = memory;
        this.l1d = new Cache[cores];
        this.l2 = new Cache[cores];
        this.lfb = new LineFillBuffers[cores];
        for (int c = 0; c < cores; c++) {
            l1d[c] = o.l1d[c].copy();
            l2[c] = o.l2[c].copy();
            lfb[c] = o.lfb[c].copy();
        }
        this.llc = o.llc.copy();
        this.l1HitOutcomes = new AccessOutcome[cores][];
        this.coreOfCpu = o.coreOfCpu; // never written
        this.dramReads = o.dramReads;
        this.dramWritebacks = o.dramWritebacks;
        this.clflushes = o.clflushes;
        this.l1dFlushes = o.l1dFlushes;
        this.verws = o.verws;
    }

    /**
     * A deep copy of all caches, buffers and counters (for checkpoints), sharing this hierarchy's
     * {@link PhysicalMemory} and latency table. The listener is not copied.
     */
    public MemoryHierarchy copy() {
        return new MemoryHierarchy(this, memory);
    }

    /** As {@link #copy()}, but reading labels from {@code memory} (the checkpoint's copy of memory). */
    public MemoryHierarchy copy(PhysicalMemory memory) {
        return new MemoryHierarchy(this, Objects.requireNonNull(memory, "memory"));
    }

    /** Sets (or with {@code null} removes) the listener notified of fills, evictions and flushes. */
    public void setListener(CacheListener listener) {
        this.listener = listener;
        this.lowerListener = listener != null && !listener.l1dOnly() ? listener : null;
    }

    // ---------------------------------------------------------------------------------------------
    // Topology

    /** Number of physical cores. */
    public int cores() {
        return cores;
    }

    /** Hardware threads per core (1 = SMT off). */
    public int threadsPerCore() {
        return threadsPerCore;
    }

    /** Number of logical CPUs ({@code cores * threadsPerCore}). */
    public int logicalCpus() {
        return cores * threadsPerCore;
    }

    /** The physical core of logical CPU {@code logicalCpu}. */
    public int coreOf(int logicalCpu) {
        // A table rather than a division: every access asks.
        return coreOfCpu[Objects.checkIndex(logicalCpu, coreOfCpu.length)];
    }

    /** The latency table used for access and flush costs. */
    public LatencyTable latency() {
        return latency;
    }

    /** The physical memory labels are read from. */
    public PhysicalMemory memory() {
        return memory;
    }

    /** The latency table's cost of a hit at {@code level} ({@code dram} for DRAM). */
    public int latencyOf(HierarchyLevel level) {
        switch (level) {
            case L1:
                return latency.l1Hit();
            case L2:
                return latency.l2Hit();
            case LLC:
                return latency.llcHit();
            default:
                return latency.dram();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Operations (change state)

    /**
     * One memory access by a logical CPU: L1D, then L2, then LLC, then DRAM; fills the levels that missed,
     * writes dirty victims back, and allocates a fill buffer entry on an L1D miss. See the class comment
     * for the policy. Lines filled get the provenance {@code (memory.labelOf(pa), logicalCpu, context, handler,
     * addressSpace, cycle, origin, line address)}.
     *
     * @param logicalCpu      the accessing logical CPU
     * @param physicalAddress the physical address (any byte of the line)
     * @param write           a store (the L1D line becomes dirty)
     * @param origin          which kind of access
     * @param context         what the CPU runs (host kernel restricted for vm1, guest vm1/vcpu0, ...) or null
     * @param handler         the kernel handler running in a host-kernel context, or null
     * @param addressSpace    the page table the access translated with, or null
     * @param cycle           the current cycle
     * @return level hit, its latency, the L1D line's provenance, and L1D victims
     */
    public AccessOutcome access(int logicalCpu, long physicalAddress, boolean write, AccessOrigin origin,
            Context context, String handler, AddressSpaceId addressSpace, long cycle) {
        AccessOutcome hit = l1Hit(logicalCpu, physicalAddress, write);
        return hit != null ? hit : miss(logicalCpu, physicalAddress, write, origin, context, handler, addressSpace, cycle);
    }

    /**
     * {@link #access} if the line is in {@code logicalCpu}'s core's L1D (the same outcome, the same effects:
     * a hit counted, the replacement state updated, the line dirtied by a write), else null and nothing
     * changed (the caller then makes the rest of the access: {@link #miss}).
     */
    public AccessOutcome l1Hit(int logicalCpu, long physicalAddress, boolean write) {
        int core = coreOf(logicalCpu);
        Cache l1 = l1d[core];
        int hit = l1.hitIndex(physicalAddress, write);
        return hit < 0 ? null : l1HitOutcome(core, hit, l1.provenanceAt(hit));
    }

    /**
     * The rest of {@link #access} for a line {@link #l1Hit} did not find: counts the L1D miss, fills the line
     * from the level that has it (recording {@code context}, {@code handler} and {@code addressSpace} in its
     * provenance) and returns the outcome. Only right after {@code l1Hit} returned null for the same access.
     */
    public AccessOutcome miss(int logicalCpu, long physicalAddress, boolean write, AccessOrigin origin,
            Context context, String handler, AddressSpaceId addressSpace, long cycle) {
        int core = coreOf(logicalCpu);
        Cache l1 = l1d[core];
        l1.countMiss();
        LineProvenance p = new LineProvenance(memory.labelOf(physicalAddress), logicalCpu, context, handler, addressSpace,
                cycle, origin, l1.lineAddress(physicalAddress));
        HierarchyLevel level;
        if (l2[core].lookup(physicalAddress, false)) {
            level = HierarchyLevel.L2;
        } else {
            if (llc.lookup(physicalAddress, false)) {
                level = HierarchyLevel.LLC;
            } else {
                level = HierarchyLevel.DRAM;
                dramReads++;
                fillLlc(physicalAddress, p, false);
            }
            fillL2(core, physicalAddress, p, false);
        }
        List<CacheLine> victims = List.of();
        boolean evicted = l1.fillWay(physicalAddress, p, write, false, true) > 0;
        if (listener != null) {
            listener.onFill(core, HierarchyLevel.L1, p, false);
        }
        if (evicted) {
            CacheLine victim = l1.victim();
            victims = List.of(victim);
            if (listener != null) {
                listener.onEvict(core, HierarchyLevel.L1, victim);
            }
            if (victim.dirty()) {
                writeBackToL2(core, victim.physicalLine(), victim.provenance());
            }
        }
        lfb[core].record(physicalAddress, p, cycle);
        return new AccessOutcome(level, latencyOf(level), p, victims);
    }

    /**
     * Architectural reads by {@code logicalCpu} of up to {@code count} addresses {@code stride} bytes apart from
     * {@code physicalAddress} while they hit in its core's L1D: each hit does exactly what {@link #access} does for a read that hits
     * (nothing of it is logged or filled), in order. Stops before the first line that misses, leaving it
     * untouched for the caller's {@link #access}.
     *
     * @return how many reads hit (each an L1D hit of {@code latency().l1Hit()} cycles)
     */
    public int l1ReadHits(int logicalCpu, long physicalAddress, long stride, int count) {
        return l1d[coreOf(logicalCpu)].readRunIfPresent(physicalAddress, stride, count);
    }

    /**
     * CLFLUSH: drops the line from every L1D, every L2 and the LLC; dirty copies are written back to DRAM
     * (memory receives one write if any copy was dirty). Fill buffers are not cleared: their stale copies
     * stay (as on hardware). The cost to charge is {@code latency().clflush()}.
     *
     * @return every copy dropped (L1D and L2 per core in core order, then LLC) and how many were dirty
     */
    public Invalidation clflush(long physicalAddress) {
        clflushes++;
        List<CacheLine> dropped = new ArrayList<>();
        int dirty = 0;
        for (int c = 0; c < cores; c++) {
            dirty += dropOne(c, HierarchyLevel.L1, l1d[c], physicalAddress, dropped);
            dirty += dropOne(c, HierarchyLevel.L2, l2[c], physicalAddress, dropped);
        }
        dirty += dropOne(CacheListener.SHARED, HierarchyLevel.LLC, llc, physicalAddress, dropped);
        if (dirty > 0) {
            dramWritebacks++;
        }
        return dropped.isEmpty() ? Invalidation.NONE : new Invalidation(dropped, dirty);
    }

    /**
     * L1D flush, as {@code wrmsr(IA32_FLUSH_CMD, L1D_FLUSH)}: writes back every dirty line of the core's L1D
     * into its L2, invalidates the whole L1D and clears the core's line fill buffers (the flush also does
     * what VERW does). Both hyperthreads of the core are affected; other cores are not.
     *
     * @param core physical core index
     * @return lines dropped, dirty write-backs, LFB entries cleared, and the cost: {@code latency().l1dFlush()}
     *         (the WRMSR) plus the longer of walking every line of the L1D at {@link #FLUSH_LINES_PER_CYCLE} and
     *         writing back the dirty ones at {@code latency().l1dWriteBack()} each (the flush is write-back bound
     *         when the L1D is dirty: the [L1D-FLUSH-FORUM] estimate, see docs/latencies.md, Sources); refill
     *         misses afterwards are charged by later accesses
     */
    public L1dFlushResult flushL1d(int core) {
        Objects.checkIndex(core, cores);
        l1dFlushes++;
        Invalidation inv = l1d[core].invalidateAll();
        if (listener != null && inv.count() > 0) {
            listener.onFlush(core, HierarchyLevel.L1, inv);
        }
        for (CacheLine line : inv.dropped()) {
            if (line.dirty()) {
                writeBackToL2(core, line.physicalLine(), line.provenance());
            }
        }
        int cleared = clearLfb(core);
        int lines = l1d[core].geometry().lineCount();
        int walk = (lines + FLUSH_LINES_PER_CYCLE - 1) / FLUSH_LINES_PER_CYCLE;
        int cycles = latency.l1dFlush() + Math.max(walk, inv.writebacks() * latency.l1dWriteBack());
        return new L1dFlushResult(core, inv, cleared, cycles);
    }

    /**
     * Clean L1D lines a flush invalidates per cycle ("clean lines maybe 2/cycle", the estimate of
     * [L1D-FLUSH-FORUM] in docs/latencies.md).
     */
    public static final int FLUSH_LINES_PER_CYCLE = 2;

    /**
     * VERW with MD_CLEAR: overwrites the core's line fill buffers. Caches are untouched. The cost to charge
     * is {@code latency().verw()}.
     *
     * @param core physical core index
     * @return how many fill buffer entries held stale data
     */
    public int verw(int core) {
        Objects.checkIndex(core, cores);
        verws++;
        return clearLfb(core);
    }

    // ---------------------------------------------------------------------------------------------
    // Inspection (never changes state)

    /**
     * Whether a transient load on {@code core} can get the line's data: the line is in the core's L1D or in
     * one of its fill buffer entries (stale or not). No side effects.
     */
    public boolean inL1dOrLfb(int core, long physicalAddress) {
        Objects.checkIndex(core, cores);
        return l1d[core].contains(physicalAddress) || lfb[core].contains(physicalAddress);
    }

    /**
     * The provenance of the copy a transient load on {@code core} would read: the L1D line's if present,
     * else the most recent matching fill buffer entry's, else {@code null}. No side effects.
     */
    public LineProvenance l1dOrLfbProvenance(int core, long physicalAddress) {
        Objects.checkIndex(core, cores);
        LineProvenance p = l1d[core].provenanceOf(physicalAddress);
        if (p != null) {
            return p;
        }
        return lfb[core].provenanceOf(physicalAddress);
    }

    /** The first level an access from {@code core} would find the line in. No side effects. */
    public HierarchyLevel peekLevel(int core, long physicalAddress) {
        Objects.checkIndex(core, cores);
        if (l1d[core].contains(physicalAddress)) {
            return HierarchyLevel.L1;
        }
        if (l2[core].contains(physicalAddress)) {
            return HierarchyLevel.L2;
        }
        return llc.contains(physicalAddress) ? HierarchyLevel.LLC : HierarchyLevel.DRAM;
    }

    /** The core's L1D line holding {@code physicalAddress}, or {@code null}. No side effects. */
    public CacheLine peekL1d(int core, long physicalAddress) {
        return l1d(core).peek(physicalAddress);
    }

    /** The core's L2 line holding {@code physicalAddress}, or {@code null}. No side effects. */
    public CacheLine peekL2(int core, long physicalAddress) {
        return l2(core).peek(physicalAddress);
    }

    /** The LLC line holding {@code physicalAddress}, or {@code null}. No side effects. */
    public CacheLine peekLlc(long physicalAddress) {
        return llc.peek(physicalAddress);
    }

    /**
     * The live L1D of {@code core}. Views must use only its inspection methods ({@code peek}, {@code lines},
     * {@code line}, counters); mutating it directly bypasses write-back and the listener.
     */
    public Cache l1d(int core) {
        return l1d[Objects.checkIndex(core, cores)];
    }

    /** The live L2 of {@code core}; same caveat as {@link #l1d}. */
    public Cache l2(int core) {
        return l2[Objects.checkIndex(core, cores)];
    }

    /** The live shared LLC; same caveat as {@link #l1d}. */
    public Cache llc() {
        return llc;
    }

    /** The live line fill buffers of {@code core}; same caveat as {@link #l1d}. */
    public LineFillBuffers lineFillBuffers(int core) {
        return lfb[Objects.checkIndex(core, cores)];
    }

    /**
     * Memory accesses so far ({@link #access} calls: loads, stores, fetches, page-walk reads; every one
     * looks up the L1D exactly once, so this is the sum of the L1Ds' hits and misses).
     */
    public long accesses() {
        long n = 0;
        for (Cache c : l1d) {
            n += c.hits() + c.misses();
        }
        return n;
    }

    /** Lines read from DRAM (LLC misses). */
    public long dramReads() {
        return dramReads;
    }

    /** Lines written back to DRAM (dirty LLC victims and dirty CLFLUSHed lines). */
    public long dramWritebacks() {
        return dramWritebacks;
    }

    /** CLFLUSH operations. */
    public long clflushes() {
        return clflushes;
    }

    /** L1D flushes. */
    public long l1dFlushes() {
        return l1dFlushes;
    }

    /** VERW operations. */
    public long verws() {
        return verws;
    }

    /**
     * A hash of the whole hierarchy state (every cache and buffer, their counters, and this hierarchy's
     * counters), the same in every JVM run. Equal states give equal hashes; every access changes at least
     * one counter, so the hash changes after any access.
     */
    public long stateHash() {
        long h = StableHash.mix(StableHash.SEED, cores);
        h = StableHash.mix(h, threadsPerCore);
        for (int c = 0; c < cores; c++) {
            h = StableHash.mix(h, l1d[c].stateHash());
            h = StableHash.mix(h, l2[c].stateHash());
            h = StableHash.mix(h, lfb[c].stateHash());
        }
        h = StableHash.mix(h, llc.stateHash());
        h = StableHash.mix(h, dramReads);
        h = StableHash.mix(h, dramWritebacks);
        h = StableHash.mix(h, clflushes);
        h = StableHash.mix(h, l1dFlushes);
        return StableHash.mix(h, verws);
    }

    // ---------------------------------------------------------------------------------------------
    // Internals

    /** The (shared, immutable) outcome of an L1D hit on way index {@code way} of {@code core}'s L1D. */
    private AccessOutcome l1HitOutcome(int core, int way, LineProvenance p) {
        AccessOutcome[] memo = l1HitOutcomes[core];
        if (memo == null) {
            memo = new AccessOutcome[l1d[core].wayCount()];
            l1HitOutcomes[core] = memo;
        }
        AccessOutcome o = memo[way];
        if (o == null || o.provenance() != p) {
            o = new AccessOutcome(HierarchyLevel.L1, latency.l1Hit(), p, List.of());
            memo[way] = o;
        }
        return o;
    }

    // The lower levels snapshot a victim only for the listener; the write-back needs just its line and
    // provenance, read from the cache's victim fields. Every fill here follows a miss of the same line in
    // the same cache (a lookup, or absorbWriteBack refusing it), so fillWay skips the search for it.

    private void fillL2(int core, long pa, LineProvenance p, boolean writeBack) {
        Cache c = l2[core];
        boolean evicted = c.fillWay(pa, p, writeBack, false, lowerListener != null) > 0;
        if (lowerListener != null) {
            lowerListener.onFill(core, HierarchyLevel.L2, p, writeBack);
        }
        if (evicted) {
            if (lowerListener != null) {
                lowerListener.onEvict(core, HierarchyLevel.L2, c.victim());
            }
            if (c.victimDirty) {
                writeBackToLlc(c.victimLine, c.victimProvenance);
            }
        }
    }

    private void fillLlc(long pa, LineProvenance p, boolean writeBack) {
        boolean evicted = llc.fillWay(pa, p, writeBack, false, lowerListener != null) > 0;
        if (lowerListener != null) {
            lowerListener.onFill(CacheListener.SHARED, HierarchyLevel.LLC, p, writeBack);
        }
        if (evicted) {
            if (lowerListener != null) {
                lowerListener.onEvict(CacheListener.SHARED, HierarchyLevel.LLC, llc.victim());
            }
            if (llc.victimDirty) {
                dramWritebacks++;
            }
        }
    }

    private void writeBackToL2(int core, long line, LineProvenance p) {
        if (!l2[core].absorbWriteBack(line)) {
            fillL2(core, line, p, true);
        }
    }

    private void writeBackToLlc(long line, LineProvenance p) {
        if (!llc.absorbWriteBack(line)) {
            fillLlc(line, p, true);
        }
    }

    private int dropOne(int core, HierarchyLevel level, Cache cache, long pa, List<CacheLine> out) {
        CacheLine line = cache.invalidate(pa);
        if (line == null) {
            return 0;
        }
        out.add(line);
        CacheListener l = level == HierarchyLevel.L1 ? listener : lowerListener;
        if (l != null) {
            l.onFlush(core, level, new Invalidation(List.of(line), line.dirty() ? 1 : 0));
        }
        return line.dirty() ? 1 : 0;
    }

    private int clearLfb(int core) {
        int cleared = lfb[core].clear();
        if (listener != null) {
            listener.onLfbClear(core, cleared);
        }
        return cleared;
    }
}
