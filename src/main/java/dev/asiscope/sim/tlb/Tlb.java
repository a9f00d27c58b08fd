package dev.asiscope.sim.tlb;

import dev.asiscope.sim.paging.ControlRegisters;
import dev.asiscope.sim.paging.PageSize;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The data TLB of one logical CPU: set-associative, true LRU within a set, entries tagged with a VPID and a PCID,
 * global entries, and 4 KiB, 2 MiB and 1 GiB pages in one array.
 *
 * <h2>Organisation</h2>
 * {@code entries / ways} sets of {@code ways} ways. An entry of page size {@code s} lives in set
 * {@code (linearBase >>> s.shift()) mod sets}, i.e. each page size indexes with its own page number. A lookup probes,
 * in the order 4 KiB, 2 MiB, 1 GiB, the one set each page size maps the address to, and skips page sizes of which
 * the TLB holds no entry. Replacement is true LRU per set: an empty way is used first (lowest way), otherwise the
 * least recently used way; a hit or a fill makes the way the most recently used.
 *
 * <h2>Matching (SDM Vol. 3A 4.10.2)</h2>
 * An entry translates a linear address for a context ({@code vpid}, {@code pcid}) if its page contains the address,
 * its VPID equals {@code vpid}, and its PCID equals {@code pcid} or it is global: "A logical processor may use a
 * global TLB entry to translate a linear address, even if the TLB entry is associated with a PCID different from the
 * current PCID" (4.10.2.4). Global entries never cross VPIDs. The TLB keeps at most one entry per page size that a
 * lookup can match (see {@link #insert}); if entries of two page sizes cover an address (the paging structures
 * changed the page size without an invalidation) the smaller page wins, which SDM 4.10.2.3 allows ("may use
 * either translation").
 *
 * <h2>Invalidation (SDM Vol. 3A 4.10.4.1)</h2>
 * Every invalidation method removes exactly what the SDM says the operation is <em>required</em> to invalidate and
 * nothing more, although the SDM lets processors invalidate more; this keeps stale entries (and the bugs that
 * leave them, such as a Global kernel mapping under KPTI) visible. Operations a processor executes in VMX non-root
 * operation act only on the current VPID: the SDM (Vol. 3C, "VMX Support for Address Translation") requires the
 * architectural invalidations (INVLPG, INVPCID, MOV to CR3/CR4) to invalidate mappings only for the current VPID,
 * so every method here takes that VPID and leaves other VPIDs alone; {@link #flushVpid} and {@link #flushAll} are
 * the VMX-side operations.
 *
 * <h2>Events and cost</h2>
 * Counters are plain fields. A {@link TlbListener}, if set, hears every fill, eviction and invalidated entry;
 * without one nothing but a null check is paid. {@link #lookup} allocates nothing.
 *
 * <p>Not thread-safe: one instance belongs to one simulated logical CPU.
 */
public final class Tlb {

    /** Default number of entries (docs/latencies.md, "Cache, buffer and TLB geometry"). */
    public static final int DEFAULT_ENTRIES = 64;
    /** Default associativity (docs/latencies.md, "Cache, buffer and TLB geometry"). */
    public static final int DEFAULT_WAYS = 4;

    /** {@link #insert}: the inserted entry. */
    public static final String CAUSE_FILL = "fill";
    /** {@link #insert}: the least recently used way made room. */
    public static final String CAUSE_LRU = "lru";
    /** {@link #insert}: the inserted entry supersedes an entry for the same page and context. */
    public static final String CAUSE_REPLACE = "replace";
    /** {@link #invlpg}. */
    public static final String CAUSE_INVLPG = "invlpg";
    /** {@link #invpcid} type 0, individual address. */
    public static final String CAUSE_INVPCID_ADDRESS = "invpcid-0-address";
    /** {@link #invpcid} type 1, single context. */
    public static final String CAUSE_INVPCID_CONTEXT = "invpcid-1-context";
    /** {@link #invpcid} type 2, all contexts including globals. */
    public static final String CAUSE_INVPCID_ALL_WITH_GLOBALS = "invpcid-2-all-with-globals";
    /** {@link #invpcid} type 3, all contexts except globals. */
    public static final String CAUSE_INVPCID_ALL = "invpcid-3-all";
    /** {@link #movToCr3}. */
    public static final String CAUSE_MOV_CR3 = "mov-cr3";
    /** {@link #cr4Changed}: CR4.PGE changed. */
    public static final String CAUSE_CR4_PGE = "cr4-pge";
    /** {@link #cr4Changed}: CR4.PCIDE went from 1 to 0. */
    public static final String CAUSE_CR4_PCIDE = "cr4-pcide";
    /** {@link #cr4Changed}: CR4.LA57 changed (only possible with paging turned off in between). */
    public static final String CAUSE_CR4_LA57 = "cr4-la57";
    /** {@link #cr4Changed}: CR4.SMEP went from 0 to 1. */
    public static final String CAUSE_CR4_SMEP = "cr4-smep";
    /** {@link #flushVpid}. */
    public static final String CAUSE_FLUSH_VPID = "flush-vpid";
    /** {@link #flushAll}. */
    public static final String CAUSE_FLUSH_ALL = "flush-all";

    private static final PageSize[] SIZES = PageSize.values();
    private static final int[] SHIFTS = {
        PageSize.SIZE_4K.shift(), PageSize.SIZE_2M.shift(), PageSize.SIZE_1G.shift()
    };
    private static final byte INVALID = -1;

    private final int sets;
    private final int ways;
    /** {@code sets - 1} when {@code sets} is a power of two, else -1 (use an unsigned remainder). */
    private final long setMask;

    // One slot per (set, way), slot = set * ways + way. The primitive arrays mirror the tags of slot[i] so the
    // probe loop touches no objects. The entries and their tags are shared with a copy until either side writes
    // them (see tagsShared); lastUse, which every hit writes, is copied at once.
    private TlbEntry[] slot;
    private long[] base;
    private int[] vpidTag;
    private int[] pcidTag;
    private byte[] sizeTag;
    private boolean[] globalTag;
    /**
     * Whether {@link #slot} and the tag arrays are shared with a copy of this TLB (or the TLB it was copied
     * from): then neither may write them in place, and {@link #ownTags()} clones them first. A checkpoint copies
     * every thread's TLB, and between two checkpoints most TLBs fill or drop no entry at all (in
     * {@code bench-cloud-4x2} 56 fills in a run of 2 million accesses).
     */
    private boolean tagsShared;
    private final long[] lastUse;
    private final int[] countBySize = new int[SIZES.length];

    private long clock;
    /** The slot the last hitting {@link #lookup} found (-1: none); only for {@link #lookupAgain}; not state. */
    private int lastFound = -1;
    private int size;
    private long hits;
    private long misses;
    private long fills;
    private long evictions;
    private long replacements;
    private long invalidations;
    private TlbListener listener;

    /** A TLB with {@value #DEFAULT_ENTRIES} entries, {@value #DEFAULT_WAYS}-way set associative. */
    public Tlb() {
        this(DEFAULT_ENTRIES, DEFAULT_WAYS);
    }

    /**
     * A TLB with {@code entries} entries in {@code entries / ways} sets.
     *
     * @throws IllegalArgumentException unless {@code entries > 0}, {@code ways > 0} and {@code ways} divides
     *                                  {@code entries}
     */
    public Tlb(int entries, int ways) {
        if (entries <= 0 || ways <= 0 || entries % ways != 0) {
            throw new IllegalArgumentException(
                    "need entries > 0, ways > 0 and ways dividing entries; got " + entries + "/" + ways);
        }
        this.ways = ways;
        this.sets = entries / ways;
        this.setMask = Integer.bitCount(sets) == 1 ? sets - 1 : -1;
        this.slot = new TlbEntry[entries];
        this.base = new long[entries];
        this.vpidTag = new int[entries];
        this.pcidTag = new int[entries];
        this.sizeTag = new byte[entries];
        this.globalTag = new boolean[entries];
        this.lastUse = new long[entries];
        Arrays.fill(sizeTag, INVALID);
    }

    private Tlb(Tlb o) {
        this.sets = o.sets;
        this.ways = o.ways;
        this.setMask = o.setMask;
        this.slot = o.slot;
        this.base = o.base;
        this.vpidTag = o.vpidTag;
        this.pcidTag = o.pcidTag;
        this.sizeTag = o.sizeTag;
        this.globalTag = o.globalTag;
        // Neither side may write the now shared entries in place any more.
        this.tagsShared = true;
        o.tagsShared = true;
        this.lastUse = o.lastUse.clone();
        System.arraycopy(o.countBySize, 0, this.countBySize, 0, countBySize.length);
        this.clock = o.clock;
        this.size = o.size;
        this.hits = o.hits;
        this.misses = o.misses;
        this.fills = o.fills;
        this.evictions = o.evictions;
        this.replacements = o.replacements;
        this.invalidations = o.invalidations;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Translation

    /**
     * Looks up the translation of {@code linearAddress} for the context ({@code vpid}, {@code pcid}): an entry whose
     * page contains the address, with the same VPID, and with the same PCID or global (SDM 4.10.2.4). Counts a hit
     * or a miss and, on a hit, makes the entry the most recently used of its set.
     *
     * @param pcid the current PCID: CR3[11:0] with CR4.PCIDE = 1, else 0 ({@link ControlRegisters#pcid()})
     * @return the entry, or null on a miss
     */
    public TlbEntry lookup(int vpid, int pcid, long linearAddress) {
        int i = find(vpid, pcid, linearAddress);
        if (i < 0) {
            misses++;
            lastFound = -1;
            return null;
        }
        hits++;
        lastUse[i] = ++clock;
        lastFound = i;
        return slot[i];
    }

    /**
     * Counts {@code times} more lookups that find {@code e}, the entry the last {@link #lookup} returned, with
     * nothing changed in this TLB since: exactly what that many calls of {@link #lookup} would do (a hit each,
     * the entry most recently used). For a run of accesses to one page.
     *
     * @throws IllegalStateException if {@code e} is not what the last lookup found
     */
    public void lookupAgain(TlbEntry e, int times) {
        if (lastFound < 0 || slot[lastFound] != e) {
            throw new IllegalStateException("not the entry the last lookup found: " + e);
        }
        hits += times;
        clock += times;
        lastUse[lastFound] = clock;
    }

    /**
     * The entry {@link #lookup} would return, without counting it or touching the LRU order: inspection never
     * changes the TLB's state.
     */
    public TlbEntry peek(int vpid, int pcid, long linearAddress) {
        int i = find(vpid, pcid, linearAddress);
        return i < 0 ? null : slot[i];
    }

    private int find(int vpid, int pcid, long linearAddress) {
        for (int s = 0; s < SHIFTS.length; s++) {
            if (countBySize[s] == 0) {
                continue;
            }
            int shift = SHIFTS[s];
            long b = linearAddress & (-1L << shift);
            int start = setOf(linearAddress >>> shift) * ways;
            int end = start + ways;
            for (int i = start; i < end; i++) {
                // The base first: it tells most ways apart (entries of one size share their size tag).
                if (base[i] == b && sizeTag[i] == s && vpidTag[i] == vpid && (pcidTag[i] == pcid || globalTag[i])) {
                    return i;
                }
            }
        }
        return -1;
    }

    private int setOf(long pageNumber) {
        return setMask >= 0 ? (int) (pageNumber & setMask) : (int) Long.remainderUnsigned(pageNumber, sets);
    }

    /**
     * Inserts {@code e} as the most recently used entry of its set (a fill after a page walk).
     *
     * <p>First, every entry of the same VPID, page size and linear base that would compete with {@code e} in a
     * lookup is replaced: one with the same PCID, and, if either is global, one with any PCID. This keeps at most
     * one matching entry per page size for every context (a fill normally follows a miss, so there is nothing to
     * replace; the rule matters for a refill, e.g. after setting the dirty flag). Replaced entries are reported with
     * {@link #CAUSE_REPLACE} and counted by {@link #replacements()}, not by {@link #evictions()}. If nothing was
     * replaced and the set is full, the least recently used way is evicted ({@link #CAUSE_LRU}).
     *
     * @return the entry evicted for room (LRU victim), or null if an empty or replaced way was used
     */
    public TlbEntry insert(TlbEntry e) {
        Objects.requireNonNull(e, "entry");
        ownTags();
        int s = e.pageSize().ordinal();
        long b = e.linearBase();
        int start = setOf(b >>> SHIFTS[s]) * ways;
        int end = start + ways;
        int target = -1;
        for (int i = start; i < end; i++) {
            if (sizeTag[i] == s && base[i] == b && vpidTag[i] == e.vpid()
                    && (pcidTag[i] == e.pcid() || globalTag[i] || e.global())) {
                TlbEntry old = slot[i];
                clear(i);
                replacements++;
                if (target < 0) {
                    target = i;
                }
                if (listener != null) {
                    listener.onEvict(old, CAUSE_REPLACE);
                }
            }
        }
        TlbEntry victim = null;
        if (target < 0) {
            for (int i = start; i < end; i++) {
                if (sizeTag[i] == INVALID) {
                    target = i;
                    break;
                }
            }
        }
        if (target < 0) {
            target = start;
            for (int i = start + 1; i < end; i++) {
                if (lastUse[i] < lastUse[target]) {
                    target = i;
                }
            }
            victim = slot[target];
            clear(target);
            evictions++;
            if (listener != null) {
                listener.onEvict(victim, CAUSE_LRU);
            }
        }
        slot[target] = e;
        base[target] = b;
        vpidTag[target] = e.vpid();
        pcidTag[target] = e.pcid();
        sizeTag[target] = (byte) s;
        globalTag[target] = e.global();
        lastUse[target] = ++clock;
        countBySize[s]++;
        size++;
        fills++;
        if (listener != null) {
            listener.onFill(e, CAUSE_FILL);
        }
        return victim;
    }

    /** Makes the entries and their tags this TLB's own before a write, if they are shared with a copy. */
    private void ownTags() {
        if (tagsShared) {
            slot = slot.clone();
            base = base.clone();
            vpidTag = vpidTag.clone();
            pcidTag = pcidTag.clone();
            sizeTag = sizeTag.clone();
            globalTag = globalTag.clone();
            tagsShared = false;
        }
    }

    private void clear(int i) {
        ownTags();
        countBySize[sizeTag[i]]--;
        size--;
        sizeTag[i] = INVALID;
        slot[i] = null;
        lastUse[i] = 0;
    }

    private void invalidate(int i, String cause) {
        TlbEntry old = slot[i];
        clear(i);
        invalidations++;
        if (listener != null) {
            listener.onInvalidate(old, cause);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Invalidation (SDM Vol. 3A 4.10.4.1)

    /**
     * INVLPG. SDM 4.10.4.1: "The instruction invalidates any TLB entries that are for a page number corresponding
     * to the linear address and that are associated with the current PCID. It also invalidates any global TLB
     * entries with that page number, regardless of PCID." Entries of every page size whose page contains
     * {@code linearAddress} are covered. A non-canonical address matches no entry, so INVLPG of one does nothing,
     * as the instruction reference says ("INVLPG is the same as a NOP"). Non-global entries of other PCIDs stay.
     *
     * @param currentPcid the current PCID (0 when CR4.PCIDE = 0)
     * @return the number of entries removed
     */
    public int invlpg(int vpid, int currentPcid, long linearAddress) {
        checkVpid(vpid);
        checkPcid(currentPcid);
        return invalidateAddress(vpid, currentPcid, linearAddress, true, CAUSE_INVLPG);
    }

    /**
     * Removes entries of {@code vpid} whose page contains {@code linearAddress} and whose PCID is {@code pcid}
     * (global or not), plus, if {@code globalsAnyPcid}, global entries of any PCID; else globals are kept.
     */
    private int invalidateAddress(int vpid, int pcid, long linearAddress, boolean globalsAnyPcid, String cause) {
        int n = 0;
        for (int s = 0; s < SHIFTS.length; s++) {
            if (countBySize[s] == 0) {
                continue;
            }
            int shift = SHIFTS[s];
            long b = linearAddress & (-1L << shift);
            int start = setOf(linearAddress >>> shift) * ways;
            int end = start + ways;
            for (int i = start; i < end; i++) {
                if (sizeTag[i] == s && base[i] == b && vpidTag[i] == vpid
                        && (globalTag[i] ? globalsAnyPcid : pcidTag[i] == pcid)) {
                    invalidate(i, cause);
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * INVPCID with the given type and descriptor (PCID, linear address). SDM 4.10.4.1 and the INVPCID reference:
     * <ul>
     *   <li>0, individual address: "the logical processor invalidates mappings—except global translations—associated
     *       with the PCID specified in the INVPCID descriptor and that would be used to translate the linear address
     *       specified in the INVPCID descriptor." Globals (of any PCID) and other PCIDs stay.</li>
     *   <li>1, single context: "invalidates all mappings—except global translations—associated with the PCID
     *       specified in the INVPCID descriptor." Globals and other PCIDs stay.</li>
     *   <li>2, all contexts including globals: "invalidates mappings—including global translations—associated with
     *       all PCIDs."</li>
     *   <li>3, all contexts: "invalidates mappings—except global translations—associated with all PCIDs."</li>
     * </ul>
     * The linear address is used only by type 0. The caller checks the remaining #GP/#UD conditions that depend on
     * CPU state (CPL, CR4.PCIDE = 0 with a non-zero PCID for types 0 and 1, a non-canonical address for type 0).
     *
     * @throws IllegalArgumentException (#GP(0)) for a type other than 0..3, or a PCID with bits above 11 set
     *                                  (descriptor bits 63:12 are reserved)
     */
    public int invpcid(int type, int vpid, int pcid, long linearAddress) {
        if (type < 0 || type > 3) {
            throw new IllegalArgumentException("#GP(0): INVPCID type " + type + " is not one of 0..3");
        }
        checkVpid(vpid);
        if (pcid < 0 || pcid > TlbEntry.MAX_PCID) {
            throw new IllegalArgumentException("#GP(0): INVPCID descriptor bits 63:12 must be 0, PCID = " + pcid);
        }
        switch (type) {
            case 0:
                return invalidateAddress(vpid, pcid, linearAddress, false, CAUSE_INVPCID_ADDRESS);
            case 1:
                return invalidateContext(vpid, pcid, false, CAUSE_INVPCID_CONTEXT);
            case 2:
                return invalidateVpid(vpid, CAUSE_INVPCID_ALL_WITH_GLOBALS);
            default:
                return invalidateAllNonGlobal(vpid, CAUSE_INVPCID_ALL);
        }
    }

    /** Removes entries of (vpid, pcid); globals too if {@code withGlobals}. */
    private int invalidateContext(int vpid, int pcid, boolean withGlobals, String cause) {
        int n = 0;
        for (int i = 0; i < slot.length; i++) {
            if (sizeTag[i] != INVALID && vpidTag[i] == vpid && pcidTag[i] == pcid && (withGlobals || !globalTag[i])) {
                invalidate(i, cause);
                n++;
            }
        }
        return n;
    }

    private int invalidateAllNonGlobal(int vpid, String cause) {
        int n = 0;
        for (int i = 0; i < slot.length; i++) {
            if (sizeTag[i] != INVALID && vpidTag[i] == vpid && !globalTag[i]) {
                invalidate(i, cause);
                n++;
            }
        }
        return n;
    }

    private int invalidateVpid(int vpid, String cause) {
        int n = 0;
        for (int i = 0; i < slot.length; i++) {
            if (sizeTag[i] != INVALID && vpidTag[i] == vpid) {
                invalidate(i, cause);
                n++;
            }
        }
        return n;
    }

    /**
     * MOV to CR3 with source operand {@code newCr3Value}, executed in the state {@code before} (whose CR4.PCIDE
     * decides; the instruction does not change CR4). SDM 4.10.4.1:
     * <ul>
     *   <li>CR4.PCIDE = 0: "the instruction invalidates all TLB entries associated with PCID 000H except those for
     *       global pages." Bit 63 has no no-flush meaning here and is ignored.</li>
     *   <li>CR4.PCIDE = 1, bit 63 = 0: "the instruction invalidates all TLB entries associated with the PCID
     *       specified in bits 11:0 of the instruction's source operand except those for global pages. [...] It is not
     *       required to invalidate entries in the TLBs and paging-structure caches that are associated with other
     *       PCIDs."</li>
     *   <li>CR4.PCIDE = 1, bit 63 = 1: "the instruction is not required to invalidate any TLB entries".</li>
     * </ul>
     * Global entries always stay (the SDM only says MOV to CR3 "may" drop them). Reserved-bit #GP checks are the
     * caller's.
     *
     * @return the number of entries removed
     */
    public int movToCr3(int vpid, ControlRegisters before, long newCr3Value) {
        checkVpid(vpid);
        Objects.requireNonNull(before, "before");
        if (!before.cr4Pcide()) {
            return invalidateContext(vpid, 0, false, CAUSE_MOV_CR3);
        }
        if ((newCr3Value & ControlRegisters.CR3_NOFLUSH) != 0) {
            return 0;
        }
        return invalidateContext(vpid, (int) (newCr3Value & TlbEntry.MAX_PCID), false, CAUSE_MOV_CR3);
    }

    /**
     * MOV to CR4 that changed {@code before} into {@code after}. SDM 4.10.4.1, for the CR4 bits
     * {@link ControlRegisters} has:
     * <ul>
     *   <li>PGE changed, or PCIDE 1 to 0: "The instruction invalidates all TLB entries (including global entries)
     *       and all entries in all paging-structure caches (for all PCIDs) if (1) it changes the value of CR4.PGE;
     *       or (2) it changes the value of the CR4.PCIDE from 1 to 0."</li>
     *   <li>SMEP 0 to 1: "The instruction invalidates all TLB entries and all entries in all paging-structure caches
     *       for the current PCID if (1) it changes the value of CR4.PAE; or (2) it changes the value of CR4.SMEP from
     *       0 to 1." The current PCID is {@code before.pcid()}; all entries associated with it go, global ones
     *       included (a global entry is associated with the PCID it was created under, 4.10.2.4), while entries of
     *       other PCIDs, global or not, stay. ControlRegisters has no PAE: it is always 1 in IA-32e paging and
     *       clearing it there is a #GP.</li>
     *   <li>LA57 changed: MOV to CR4 cannot change LA57 while IA-32e paging is active (#GP); a change implies
     *       paging was disabled in between, and "MOV to CR0 [...] invalidates all TLB entries (including global
     *       entries) [...] if it changes the value of CR0.PG from 1 to 0". Treated as a full flush.</li>
     *   <li>PCIDE 0 to 1, SMEP 1 to 0, SMAP, PKE: not listed in 4.10.4.1, nothing is invalidated (TLB entries
     *       hold the rights from the paging structures; SMAP/PKE/SMEP checks are applied on every access).</li>
     * </ul>
     * "All" means all entries of {@code vpid}, every PCID (see the class comment on VPIDs).
     *
     * @return the number of entries removed
     */
    public int cr4Changed(int vpid, ControlRegisters before, ControlRegisters after) {
        checkVpid(vpid);
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        if (before.cr4Pge() != after.cr4Pge()) {
            return invalidateVpid(vpid, CAUSE_CR4_PGE);
        }
        if (before.cr4Pcide() && !after.cr4Pcide()) {
            return invalidateVpid(vpid, CAUSE_CR4_PCIDE);
        }
        if (before.cr4La57() != after.cr4La57()) {
            return invalidateVpid(vpid, CAUSE_CR4_LA57);
        }
        if (!before.cr4Smep() && after.cr4Smep()) {
            return invalidateContext(vpid, before.pcid(), true, CAUSE_CR4_SMEP);
        }
        return 0;
    }

    /**
     * Removes every entry tagged with {@code vpid}, global or not, of any PCID: INVVPID single-context (type 1),
     * "invalidates all mappings tagged with the VPID specified in the INVVPID descriptor". Also what a VM entry or
     * VM exit does when the "enable VPID" control is 0: it invalidates the mappings associated with VPID 0000H
     * ({@code flushVpid(0)}). MOV to CR0 clearing PG is {@code flushVpid(currentVpid)}.
     *
     * @return the number of entries removed
     */
    public int flushVpid(int vpid) {
        checkVpid(vpid);
        return invalidateVpid(vpid, CAUSE_FLUSH_VPID);
    }

    /**
     * Removes every entry of every VPID and PCID, global or not (INVVPID all-contexts plus the host's VPID 0, or a
     * reset).
     *
     * @return the number of entries removed
     */
    public int flushAll() {
        int n = 0;
        for (int i = 0; i < slot.length; i++) {
            if (sizeTag[i] != INVALID) {
                invalidate(i, CAUSE_FLUSH_ALL);
                n++;
            }
        }
        return n;
    }

    private static void checkVpid(int vpid) {
        if (vpid < 0 || vpid > TlbEntry.MAX_VPID) {
            throw new IllegalArgumentException("vpid out of range 0..0xFFFF: " + vpid);
        }
    }

    private static void checkPcid(int pcid) {
        if (pcid < 0 || pcid > TlbEntry.MAX_PCID) {
            throw new IllegalArgumentException("pcid out of range 0..0xFFF: " + pcid);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Inspection (never changes state)

    /** The valid entries, in slot order: set 0 way 0, set 0 way 1, ..., set 1 way 0, ... A fresh list. */
    public List<TlbEntry> entries() {
        List<TlbEntry> out = new ArrayList<>(size);
        for (TlbEntry e : slot) {
            if (e != null) {
                out.add(e);
            }
        }
        return out;
    }

    /** The entry in ({@code set}, {@code way}), or null if that way is empty. */
    public TlbEntry entryAt(int set, int way) {
        return slot[slotIndex(set, way)];
    }

    /**
     * The LRU position of ({@code set}, {@code way}) among the valid ways of its set: 0 = most recently used. -1 if
     * the way is empty.
     */
    public int lruRank(int set, int way) {
        int i = slotIndex(set, way);
        if (sizeTag[i] == INVALID) {
            return -1;
        }
        int rank = 0;
        int start = set * ways;
        for (int j = start; j < start + ways; j++) {
            if (sizeTag[j] != INVALID && lastUse[j] > lastUse[i]) {
                rank++;
            }
        }
        return rank;
    }

    /** The set an entry of {@code pageSize} covering {@code linearAddress} lives in. */
    public int setIndex(long linearAddress, PageSize pageSize) {
        return setOf(linearAddress >>> pageSize.shift());
    }

    private int slotIndex(int set, int way) {
        Objects.checkIndex(set, sets);
        Objects.checkIndex(way, ways);
        return set * ways + way;
    }

    /** Number of valid entries. */
    public int size() {
        return size;
    }

    /** Total number of ways (entries). */
    public int capacity() {
        return slot.length;
    }

    public int sets() {
        return sets;
    }

    public int ways() {
        return ways;
    }

    /** Lookups that found an entry. */
    public long hits() {
        return hits;
    }

    /** Lookups that found none. */
    public long misses() {
        return misses;
    }

    /** Entries inserted. */
    public long fills() {
        return fills;
    }

    /** Entries evicted by LRU to make room for a fill. */
    public long evictions() {
        return evictions;
    }

    /** Entries superseded by an inserted entry for the same page and context. */
    public long replacements() {
        return replacements;
    }

    /** Entries removed by invalidation operations (INVLPG, INVPCID, MOV to CR3/CR4, flushes). */
    public long invalidations() {
        return invalidations;
    }

    /** Sets all counters to 0; contents and LRU order are unchanged. */
    public void resetCounters() {
        hits = 0;
        misses = 0;
        fills = 0;
        evictions = 0;
        replacements = 0;
        invalidations = 0;
    }

    /** The listener, or null. */
    public TlbListener listener() {
        return listener;
    }

    /** Sets the listener that hears fills, evictions and invalidations; null for none. */
    public void setListener(TlbListener listener) {
        this.listener = listener;
    }

    /**
     * An independent copy (contents, LRU order, counters) for checkpoints: later changes to either TLB do not
     * affect the other. The entries and tags are shared until either side writes them (both are marked, so
     * this TLB copies them on its next fill or invalidation too). The listener is not copied: a restored
     * checkpoint gets the listener of whoever restores it.
     */
    public Tlb copy() {
        return new Tlb(this);
    }

    /**
     * A hash of the state that affects future behaviour or is shown: geometry, every way's entry (field by field,
     * in slot order), its LRU rank within the set, and the counters. Deterministic across runs and JVMs (no
     * identity hashes); equal for a TLB and its {@link #copy()}; unchanged by {@link #peek} and the other
     * inspection methods. The listener is not part of the state.
     */
    public long stateHash() {
        long h = mix(0x5EED_7B1BL ^ sets);
        h = mix(h ^ ways);
        for (int set = 0; set < sets; set++) {
            for (int way = 0; way < ways; way++) {
                int i = set * ways + way;
                TlbEntry e = slot[i];
                if (e == null) {
                    h = mix(h ^ 0x1L);
                    continue;
                }
                h = mix(h ^ (((long) e.vpid() << 32) | ((long) e.pcid() << 8) | e.pageSize().ordinal()));
                h = mix(h ^ e.linearBase());
                h = mix(h ^ e.physicalBase());
                long flags = (e.writable() ? 1 : 0) | (e.user() ? 2 : 0) | (e.executable() ? 4 : 0)
                        | (e.global() ? 8 : 0) | (e.dirty() ? 16 : 0) | ((long) e.protectionKey() << 5);
                h = mix(h ^ flags ^ ((long) lruRank(set, way) << 16));
            }
        }
        h = mix(h ^ hits);
        h = mix(h ^ misses);
        h = mix(h ^ fills);
        h = mix(h ^ evictions);
        h = mix(h ^ replacements);
        h = mix(h ^ invalidations);
        return h;
    }

    /** SplitMix64 finaliser. */
    private static long mix(long z) {
        z += 0x9E37_79B9_7F4A_7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public String toString() {
        return "Tlb[" + size + "/" + slot.length + " entries, " + sets + " sets x " + ways + " ways, hits=" + hits
                + " misses=" + misses + "]";
    }
}
