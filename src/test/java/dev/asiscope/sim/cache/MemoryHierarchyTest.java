package dev.asiscope.sim.cache;

import dev.asiscope.sim.security.DataLabel;
import dev.asiscope.sim.security.Context;
import dev.asiscope.sim.security.AddressSpaceId;
import static dev.asiscope.sim.cache.HierarchyLevel.DRAM;
import static dev.asiscope.sim.cache.HierarchyLevel.L1;
import static dev.asiscope.sim.cache.HierarchyLevel.L2;
import static dev.asiscope.sim.cache.HierarchyLevel.LLC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.sim.mem.PhysicalMemory;
import dev.asiscope.sim.timing.LatencyTable;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryHierarchyTest {
    /** Distinct values so a wrong level cannot pass by coincidence. */
    private static final LatencyTable LAT =
            new LatencyTable(4, 11, 39, 199, 1350, 100, 601, 61, 2000, 240, 240, 1500, 100, 2000, 41);

    private static final long SECRET = 0x10_0000L; // labelled host-kernel-sensitive
    private static final long GUEST = 0x20_0000L; // labelled vm:1

    private final PhysicalMemory memory = new PhysicalMemory();

    MemoryHierarchyTest() {
        memory.setLabel(SECRET, 4096, "host-kernel-sensitive");
        memory.setLabel(GUEST, 4096, "vm:1");
    }

    private MemoryHierarchy defaults(int cores, int threads) {
        return MemoryHierarchy.withDefaults(cores, threads, LAT, memory);
    }

    /** L1D: 1 set x 2 ways, L2: 1 set x 4 ways, LLC: 2 sets x 4 ways; 4 LFBs. Easy to evict on purpose. */
    private MemoryHierarchy tiny(int cores, int threads) {
        return new MemoryHierarchy(cores, threads,
                new CacheGeometry("L1D", 2 * 64, 2, 64, Replacement.LRU),
                new CacheGeometry("L2", 4 * 64, 4, 64, Replacement.LRU),
                new CacheGeometry("LLC", 8 * 64, 4, 64, Replacement.LRU),
                4, LAT, memory);
    }

    private static AccessOutcome read(MemoryHierarchy h, int cpu, long pa, long cycle) {
        return h.access(cpu, pa, false, AccessOrigin.ARCHITECTURAL, Context.hostKernel(false, -1), null, AddressSpaceId.FULL, cycle);
    }

    private static AccessOutcome write(MemoryHierarchy h, int cpu, long pa, long cycle) {
        return h.access(cpu, pa, true, AccessOrigin.ARCHITECTURAL, Context.hostKernel(false, -1), null, AddressSpaceId.FULL, cycle);
    }

    @Test
    void topology() {
        MemoryHierarchy h = defaults(2, 2);
        assertEquals(4, h.logicalCpus());
        assertEquals(0, h.coreOf(0));
        assertEquals(0, h.coreOf(1));
        assertEquals(1, h.coreOf(2));
        assertEquals(1, h.coreOf(3));
        assertThrows(IndexOutOfBoundsException.class, () -> h.coreOf(4));
        assertEquals(3, defaults(4, 1).coreOf(3));
        assertEquals(CacheGeometry.l1dDefault(), h.l1d(0).geometry());
        assertEquals(CacheGeometry.llcDefault(), h.llc().geometry());
        assertEquals(10, h.lineFillBuffers(1).size());
    }

    @Test
    void siblingsShareL1dOtherCoresDoNot() {
        MemoryHierarchy h = defaults(2, 2);
        AccessOutcome first = read(h, 0, SECRET, 1);
        assertEquals(DRAM, first.level());
        AccessOutcome sibling = read(h, 1, SECRET + 8, 2);
        assertEquals(L1, sibling.level(), "CPU 1 is CPU 0's hyperthread: same L1D");
        assertTrue(sibling.l1dHit());
        AccessOutcome otherCore = read(h, 2, SECRET, 3);
        assertEquals(LLC, otherCore.level(), "CPU 2 is on core 1: only the LLC is shared");
        assertEquals(L1, read(h, 3, SECRET, 4).level());
        assertTrue(h.inL1dOrLfb(0, SECRET));
        assertTrue(h.inL1dOrLfb(1, SECRET));
    }

    @Test
    void accessesCountsEveryAccessOnEveryCoreAndNothingElse() {
        MemoryHierarchy h = defaults(2, 2);
        assertEquals(0, h.accesses());
        read(h, 0, SECRET, 1); // DRAM
        read(h, 1, SECRET, 2); // L1 hit on the sibling
        read(h, 2, GUEST, 3); // other core
        h.peekLevel(0, SECRET);
        h.inL1dOrLfb(0, GUEST);
        h.clflush(SECRET);
        h.flushL1d(1);
        assertEquals(3, h.accesses(), "inspections, CLFLUSH and flushes are not accesses");
        read(h, 0, SECRET, 4);
        assertEquals(4, h.accesses());
        assertEquals(4, h.copy().accesses(), "a checkpoint keeps the count");
    }

    /**
     * {@link MemoryHierarchy#l1ReadHits} does what that many reads do while they hit, and stops at the first
     * miss: the same counts and state hash as reads line by line, for a tree-PLRU and an LRU L1D of two blocks
     * of ways (a run crossing from one to the next), also right after a checkpoint shares the blocks.
     */
    @Test
    void l1ReadHitsIsReadsLineByLineUpToTheFirstMiss() {
        for (Replacement r : Replacement.values()) {
            if (r == Replacement.TREE_PLRU || r == Replacement.LRU) {
                CacheGeometry l1 = new CacheGeometry("L1D", 128 * 16 * 64, 16, 64, r); // 2,048 ways: two blocks
                MemoryHierarchy bulk = new MemoryHierarchy(1, 1, l1, CacheGeometry.l2Default(), CacheGeometry.llcDefault(),
                        4, LAT, memory);
                MemoryHierarchy byLine = bulk.copy();
                long start = GUEST + 120 * 64; // sets 120..127 then 0..: the run crosses the blocks' edge
                for (int i = 0; i < 12; i++) { // the first 12 lines present, the 13th not
                    read(bulk, 0, start + 64L * i, i);
                    read(byLine, 0, start + 64L * i, i);
                }
                MemoryHierarchy checkpoint = bulk.copy(); // the blocks now shared: the run must copy before writing
                long before = checkpoint.stateHash();
                assertEquals(12, bulk.l1ReadHits(0, start, 64, 16), r + ": hits up to the first absent line");
                for (int i = 0; i < 12; i++) {
                    assertEquals(L1, read(byLine, 0, start + 64L * i, 100 + i).level());
                }
                assertEquals(byLine.stateHash(), bulk.stateHash(), r + ": the same state as reads line by line");
                assertEquals(byLine.accesses(), bulk.accesses(), r + ": counted as reads would be");
                assertNotEquals(before, bulk.stateHash(), r + ": the hits changed replacement state");
                assertEquals(before, checkpoint.stateHash(), r + ": the checkpoint is untouched");
            }
        }
    }

    @Test
    void anL1dHitReturnsTheLinesProvenanceAndNoStaleOutcome() {
        MemoryHierarchy h = defaults(1, 1);
        AccessOutcome fill = read(h, 0, SECRET, 1);
        AccessOutcome hit1 = read(h, 0, SECRET, 2);
        AccessOutcome hit2 = read(h, 0, SECRET + 8, 3);
        assertEquals(L1, hit1.level());
        assertSame(fill.provenance(), hit1.provenance());
        assertSame(hit1, hit2, "hits on the same fill share one outcome (no allocation)");
        h.clflush(SECRET);
        AccessOutcome refill = read(h, 0, SECRET, 4);
        AccessOutcome hit3 = read(h, 0, SECRET, 5);
        assertEquals(4, hit3.provenance().cycle(), "after a refill the hit reports the new fill, not the old one");
        assertSame(refill.provenance(), hit3.provenance());
    }

    @Test
    void latencyPerLevelComesFromTheTable() {
        MemoryHierarchy h = defaults(2, 1);
        assertEquals(199, read(h, 0, GUEST, 1).latency()); // DRAM
        assertEquals(4, read(h, 0, GUEST, 2).latency()); // L1
        h.flushL1d(0);
        AccessOutcome l2 = read(h, 0, GUEST, 3);
        assertEquals(L2, l2.level());
        assertEquals(11, l2.latency());
        AccessOutcome llc = read(h, 1, GUEST, 4);
        assertEquals(LLC, llc.level());
        assertEquals(39, llc.latency());
        assertEquals(List.of(4, 11, 39, 199),
                List.of(h.latencyOf(L1), h.latencyOf(L2), h.latencyOf(LLC), h.latencyOf(DRAM)));
        assertEquals(1, h.dramReads());
    }

    @Test
    void provenanceRecordsWhoBroughtTheLineAndHow() {
        MemoryHierarchy h = defaults(1, 2);
        AccessOutcome o = h.access(1, SECRET + 0x48, false, AccessOrigin.PAGE_WALK, Context.hostKernel(false, -1), null, AddressSpaceId.FULL, 500);
        LineProvenance p = o.provenance();
        assertEquals(new LineProvenance(DataLabel.of("host-kernel-sensitive"), 1, Context.hostKernel(false, -1), null, AddressSpaceId.FULL, 500,
                AccessOrigin.PAGE_WALK, SECRET + 0x40), p);
        assertSame(p, h.peekL1d(0, SECRET + 0x40).provenance());
        assertSame(p, h.peekL2(0, SECRET + 0x40).provenance());
        assertSame(p, h.peekLlc(SECRET + 0x40).provenance());
        assertSame(p, h.lineFillBuffers(0).find(SECRET + 0x40).provenance());
        // A later hit by the sibling does not rewrite who brought the line in.
        AccessOutcome hit = h.access(0, SECRET + 0x40, false, AccessOrigin.SPECULATIVE, Context.guest(1, 0, true),
                null, new AddressSpaceId.Guest(1), 600);
        assertSame(p, hit.provenance());
        assertSame(p, h.l1dOrLfbProvenance(0, SECRET + 0x40));
    }

    @Test
    void l2HitGivesL1dANewProvenanceButL2KeepsItsOwn() {
        MemoryHierarchy h = defaults(1, 1);
        LineProvenance first = read(h, 0, GUEST, 1).provenance();
        h.flushL1d(0);
        AccessOutcome again = h.access(0, GUEST, false, AccessOrigin.FLUSH_REFILL, Context.guest(1, 0, true), null, new AddressSpaceId.Guest(1), 2);
        assertEquals(L2, again.level());
        assertEquals(AccessOrigin.FLUSH_REFILL, h.peekL1d(0, GUEST).provenance().origin());
        assertEquals(2, h.peekL1d(0, GUEST).provenance().cycle());
        assertSame(first, h.peekL2(0, GUEST).provenance());
    }

    @Test
    void labelIsReadAtFillTime() {
        MemoryHierarchy h = defaults(1, 1);
        read(h, 0, GUEST, 1);
        memory.setLabel(GUEST, 64, "vm:9");
        assertEquals("vm:1", h.peekL1d(0, GUEST).provenance().label().name());
        h.clflush(GUEST);
        assertEquals("vm:9", read(h, 0, GUEST, 2).provenance().label().name());
    }

    @Test
    void l1dVictimsAreReturnedAndDirtyOnesWrittenBackToL2() {
        MemoryHierarchy h = tiny(1, 1);
        write(h, 0, 0x000, 1); // dirty in L1D only
        assertTrue(h.peekL1d(0, 0).dirty());
        assertFalse(h.peekL2(0, 0).dirty());
        read(h, 0, 0x040, 2);
        AccessOutcome o = read(h, 0, 0x080, 3); // L1D (2 ways) evicts line 0
        assertEquals(1, o.l1dVictims().size());
        CacheLine v = o.l1dVictims().get(0);
        assertEquals(0, v.physicalLine());
        assertTrue(v.dirty());
        assertTrue(h.peekL2(0, 0).dirty(), "write-back marked L2's copy dirty");
        assertEquals(1, h.l1d(0).writebacks());
        assertEquals(List.of(), read(h, 0, 0x080, 4).l1dVictims());
    }

    @Test
    void dirtyLinesCascadeToDram() {
        MemoryHierarchy h = tiny(1, 1);
        // Write 16 distinct lines: far more than L1D+L2+LLC-set capacity for lines 0x0, 0x80, ... (LLC set 0).
        for (int i = 0; i < 16; i++) {
            write(h, 0, i * 0x80L, i);
        }
        assertTrue(h.dramWritebacks() > 0);
        assertEquals(h.llc().writebacks(), h.dramWritebacks());
        assertEquals(16, h.dramReads());
    }

    @Test
    void dirtyL1dVictimRefillsL2WhenL2LostTheLine() {
        MemoryHierarchy h = tiny(1, 1);
        write(h, 0, 0x0, 0); // L1D: {0}, dirty
        read(h, 0, 0x40, 1); // L1D: {0, 40}; L2: {0, 40}
        // Four more lines through the other L1D way, pushing line 0 out of L2 (4 ways) while it stays in L1D.
        // L1D is LRU over 2 ways, so keep line 0 recent by re-reading it each time.
        for (int i = 2; i <= 5; i++) {
            read(h, 0, 0x0, 10 * i);
            read(h, 0, i * 0x40L, 10 * i + 1);
        }
        assertNotNull(h.peekL1d(0, 0));
        assertNull(h.peekL2(0, 0), "L2 evicted line 0 (no back-invalidation of L1D)");
        h.flushL1d(0);
        CacheLine l2copy = h.peekL2(0, 0);
        assertNotNull(l2copy, "the flush wrote the dirty line back into L2");
        assertTrue(l2copy.dirty());
        assertEquals(0, l2copy.provenance().cycle(), "a written-back line keeps its provenance");
    }

    @Test
    void flushL1dEmptiesL1dAndLfbOfThatCoreOnly() {
        MemoryHierarchy h = defaults(2, 2);
        write(h, 0, SECRET, 1);
        read(h, 1, SECRET + 64, 2);
        read(h, 0, GUEST, 3);
        read(h, 2, GUEST, 4);
        L1dFlushResult r = h.flushL1d(0);
        assertEquals(0, r.core());
        assertEquals(3, r.l1d().count());
        assertEquals(1, r.l1d().writebacks());
        assertEquals(3, r.lfbEntriesCleared());
        // The WRMSR (LatencyTable.l1dFlush) plus walking the 512-line L1D at 2 lines per cycle: one dirty line
        // written back is far from making the flush write-back bound.
        assertEquals(601 + 512 / 2, r.cycles(), "l1dFlush + the walk of a mostly clean L1D");
        assertEquals(0, h.l1d(0).occupancy());
        assertEquals(List.of(), h.lineFillBuffers(0).entries());
        assertFalse(h.inL1dOrLfb(0, SECRET));
        assertNull(h.l1dOrLfbProvenance(0, SECRET));
        assertTrue(h.peekL2(0, SECRET).dirty(), "dirty L1D line written back to L2");
        assertEquals(L2, h.peekLevel(0, SECRET));
        // Core 1 untouched.
        assertTrue(h.inL1dOrLfb(1, GUEST));
        assertEquals(1, h.l1d(1).occupancy());
        assertEquals(1, h.lineFillBuffers(1).entries().size());
        assertEquals(1, h.l1dFlushes());
        // Flushing an empty L1D costs the same (the flush walks every line) and drops nothing.
        L1dFlushResult again = h.flushL1d(0);
        assertEquals(0, again.l1d().count());
        assertEquals(601 + 512 / 2, again.cycles());
        assertThrows(IndexOutOfBoundsException.class, () -> h.flushL1d(2));
    }

    @Test
    void verwClearsLfbOnly() {
        MemoryHierarchy h = defaults(2, 1);
        read(h, 0, SECRET, 1);
        read(h, 1, GUEST, 2);
        assertEquals(1, h.verw(0));
        assertEquals(List.of(), h.lineFillBuffers(0).entries());
        assertNotNull(h.peekL1d(0, SECRET), "VERW leaves L1D alone");
        assertTrue(h.inL1dOrLfb(0, SECRET), "still reachable through L1D");
        assertEquals(1, h.lineFillBuffers(1).entries().size(), "other core's LFBs untouched");
        assertEquals(0, h.verw(0));
        assertEquals(2, h.verws());
    }

    @Test
    void staleLfbEntryOutlivesL1dEvictionUntilVerw() {
        MemoryHierarchy h = tiny(1, 2);
        read(h, 1, SECRET, 1); // host thread brings the secret in
        read(h, 1, SECRET + 64, 2);
        read(h, 1, SECRET + 128, 3); // evicts SECRET from the 2-way L1D
        assertNull(h.peekL1d(0, SECRET));
        assertTrue(h.inL1dOrLfb(0, SECRET), "stale fill buffer entry (MDS/RIDL)");
        LineProvenance p = h.l1dOrLfbProvenance(0, SECRET);
        assertEquals("host-kernel-sensitive", p.label().name());
        assertEquals(1, p.logicalCpu());
        h.verw(0);
        assertFalse(h.inL1dOrLfb(0, SECRET));
    }

    @Test
    void clflushDropsTheLineEverywhereButNotFromLfbs() {
        MemoryHierarchy h = defaults(2, 1);
        write(h, 0, GUEST, 1);
        read(h, 1, GUEST, 2);
        read(h, 0, SECRET, 3);
        Invalidation inv = h.clflush(GUEST + 5);
        // Core 0 L1D (dirty) + L2, core 1 L1D + L2, LLC.
        assertEquals(5, inv.count());
        assertEquals(1, inv.writebacks());
        assertEquals(1, h.dramWritebacks());
        for (int c = 0; c < 2; c++) {
            assertNull(h.peekL1d(c, GUEST));
            assertNull(h.peekL2(c, GUEST));
            assertEquals(DRAM, h.peekLevel(c, GUEST));
        }
        assertNull(h.peekLlc(GUEST));
        assertNotNull(h.peekL1d(0, SECRET), "other lines stay");
        assertTrue(h.lineFillBuffers(0).contains(GUEST), "CLFLUSH does not clear fill buffers");
        assertEquals(DRAM, read(h, 1, GUEST, 4).level());
        assertEquals(0, h.clflush(0x9999_0000L).count());
        assertEquals(2, h.clflushes());
    }

    @Test
    void peeksHaveNoSideEffects() {
        MemoryHierarchy h = tiny(2, 2);
        for (int i = 0; i < 6; i++) {
            read(h, i % 4, SECRET + 64L * i, i);
        }
        long before = h.stateHash();
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < 8; i++) {
                long pa = SECRET + 64L * i;
                h.inL1dOrLfb(c, pa);
                h.l1dOrLfbProvenance(c, pa);
                h.peekLevel(c, pa);
                h.peekL1d(c, pa);
                h.peekL2(c, pa);
                h.peekLlc(pa);
                h.l1d(c).lines();
                h.l1d(c).peekVictim(pa);
                h.lineFillBuffers(c).entries();
            }
        }
        assertEquals(before, h.stateHash());
    }

    @Test
    void copyIsIndependent() {
        MemoryHierarchy h = defaults(2, 2);
        read(h, 0, SECRET, 1);
        MemoryHierarchy c = h.copy();
        assertEquals(h.stateHash(), c.stateHash());
        assertSame(h.memory(), c.memory());
        read(c, 2, GUEST, 2);
        c.flushL1d(0);
        c.verw(1);
        assertNotNull(h.peekL1d(0, SECRET));
        assertEquals(1, h.lineFillBuffers(0).entries().size());
        assertNull(h.peekLlc(GUEST));
        assertNotEquals(h.stateHash(), c.stateHash());
        PhysicalMemory other = memory.copy();
        other.setLabel(GUEST, 64, "vm:7");
        MemoryHierarchy rebound = h.copy(other);
        assertSame(other, rebound.memory());
        assertEquals("vm:7", read(rebound, 0, GUEST, 3).provenance().label().name());
        assertEquals("vm:1", read(h, 0, GUEST, 3).provenance().label().name());
    }

    @Test
    void stateHashEqualForEqualHistoriesAndChangesOnAccess() {
        MemoryHierarchy a = tiny(2, 2);
        MemoryHierarchy b = tiny(2, 2);
        assertEquals(a.stateHash(), b.stateHash());
        for (int i = 0; i < 20; i++) {
            for (MemoryHierarchy h : List.of(a, b)) {
                h.access(i % 4, 0x40L * (i * 7 % 11), i % 3 == 0, AccessOrigin.ARCHITECTURAL, Context.hostKernel(false, -1), null, null, i);
            }
        }
        assertEquals(a.stateHash(), b.stateHash());
        long h0 = a.stateHash();
        read(a, 0, 0x40L * 6, 100); // whatever it hits, something changes
        assertNotEquals(h0, a.stateHash());
        long h1 = a.stateHash();
        read(a, 0, 0x40L * 6, 100); // an L1D hit on the most recent line
        assertNotEquals(h1, a.stateHash());
        // Same lines, different context: different state.
        MemoryHierarchy x = tiny(1, 1);
        MemoryHierarchy y = tiny(1, 1);
        x.access(0, 0, false, AccessOrigin.ARCHITECTURAL, Context.hostKernel(true, 1), null,
                AddressSpaceId.restrictedVm(1), 1);
        y.access(0, 0, false, AccessOrigin.ARCHITECTURAL, Context.hostKernel(false, 1), null, AddressSpaceId.FULL, 1);
        assertNotEquals(x.stateHash(), y.stateHash());
    }

    /** A listener that writes each notification as a line of text; {@code l1dOnly} as it says. */
    private static CacheListener recorder(List<String> events, boolean l1dOnly) {
        return new CacheListener() {
            @Override
            public boolean l1dOnly() {
                return l1dOnly;
            }

            @Override
            public void onFill(int core, HierarchyLevel level, LineProvenance p, boolean writeBack) {
                events.add("fill " + core + " " + level + " " + Long.toHexString(p.physicalLine()) + (writeBack ? " wb" : ""));
            }

            @Override
            public void onEvict(int core, HierarchyLevel level, CacheLine victim) {
                events.add("evict " + core + " " + level + " " + Long.toHexString(victim.physicalLine()));
            }

            @Override
            public void onFlush(int core, HierarchyLevel level, Invalidation dropped) {
                events.add("flush " + core + " " + level + " " + dropped.count());
            }

            @Override
            public void onLfbClear(int core, int entriesCleared) {
                events.add("lfb-clear " + core + " " + entriesCleared);
            }
        };
    }

    /** Three reads (the third evicts the first from the 2-line L1D), an L1D flush, a CLFLUSH. */
    private static void fillEvictFlush(MemoryHierarchy h) {
        read(h, 0, 0x0, 1);
        read(h, 0, 0x40, 2);
        read(h, 0, 0x80, 3);
        h.flushL1d(0);
        h.clflush(0x0);
    }

    /** Enough distinct lines to evict from the 4-line L2 and the 8-line LLC. */
    private static void manyMoreLines(MemoryHierarchy h) {
        for (long pa = 0x100; pa < 0x800; pa += 0x40) {
            read(h, 0, pa, 10 + pa);
        }
    }

    @Test
    void listenerSeesFillsEvictionsAndFlushesInOrder() {
        MemoryHierarchy h = tiny(1, 1);
        List<String> events = new ArrayList<>();
        h.setListener(recorder(events, false));
        fillEvictFlush(h);
        assertEquals(List.of(
                "fill -1 LLC 0", "fill 0 L2 0", "fill 0 L1 0",
                "fill -1 LLC 40", "fill 0 L2 40", "fill 0 L1 40",
                "fill -1 LLC 80", "fill 0 L2 80", "fill 0 L1 80", "evict 0 L1 0",
                "flush 0 L1 2", "lfb-clear 0 3",
                "flush 0 L2 1", "flush -1 LLC 1"), events);
        h.setListener(null);
        read(h, 0, 0x0, 4);
        assertEquals(14, events.size());
    }

    @Test
    void anL1dOnlyListenerHearsNothingOfTheL2OrLlc() {
        MemoryHierarchy h = tiny(1, 1);
        List<String> events = new ArrayList<>();
        h.setListener(recorder(events, true));
        fillEvictFlush(h);
        assertEquals(List.of(
                "fill 0 L1 0", "fill 0 L1 40", "fill 0 L1 80", "evict 0 L1 0",
                "flush 0 L1 2", "lfb-clear 0 3"), events);
        // Evictions from the L2 and the LLC too: still only L1D news.
        manyMoreLines(h);
        assertTrue(events.stream().noneMatch(e -> e.contains("L2") || e.contains("LLC")), events.toString());
        assertTrue(events.contains("evict 0 L1 100"), events.toString());
        // The hierarchy itself is unchanged by what the listener asked for: same state as with a full listener.
        MemoryHierarchy full = tiny(1, 1);
        full.setListener(recorder(new ArrayList<>(), false));
        fillEvictFlush(full);
        manyMoreLines(full);
        assertEquals(full.stateHash(), h.stateHash());
    }

    @Test
    void exposureOfASiblingsSecret() {
        // The L1TF picture: the host thread (CPU 1) touches a secret; the guest on CPU 0 shares the core.
        MemoryHierarchy h = defaults(2, 2);
        h.access(1, SECRET, false, AccessOrigin.ARCHITECTURAL, Context.hostKernel(false, -1), null, AddressSpaceId.FULL, 10);
        assertTrue(h.inL1dOrLfb(0, SECRET), "sibling guest can reach it");
        assertFalse(h.inL1dOrLfb(1, GUEST));
        assertFalse(h.inL1dOrLfb(h.coreOf(2), SECRET), "another core cannot");
        assertEquals(Context.hostKernel(false, -1), h.l1dOrLfbProvenance(0, SECRET).context());
        h.flushL1d(0);
        assertFalse(h.inL1dOrLfb(0, SECRET));
    }

    @Test
    void constructorValidation() {
        CacheGeometry l1 = CacheGeometry.l1dDefault();
        CacheGeometry l2 = CacheGeometry.l2Default();
        CacheGeometry llc = CacheGeometry.llcDefault();
        assertThrows(IllegalArgumentException.class, () -> new MemoryHierarchy(0, 1, l1, l2, llc, 10, LAT, memory));
        assertThrows(IllegalArgumentException.class, () -> new MemoryHierarchy(1, 0, l1, l2, llc, 10, LAT, memory));
        assertThrows(IllegalArgumentException.class, () -> new MemoryHierarchy(1, 1, l1, l2, llc, 0, LAT, memory));
        CacheGeometry l2wide = new CacheGeometry("L2", 1024 * 1024, 16, 128, Replacement.LRU);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MemoryHierarchy(1, 1, l1, l2wide, llc, 10, LAT, memory));
        assertTrue(e.getMessage().contains("same line size"), e.getMessage());
        assertThrows(NullPointerException.class, () -> new MemoryHierarchy(1, 1, l1, l2, llc, 10, null, memory));
        assertThrows(NullPointerException.class, () -> new MemoryHierarchy(1, 1, l1, l2, llc, 10, LAT, null));
        MemoryHierarchy h = defaults(1, 2);
        assertThrows(IndexOutOfBoundsException.class, () -> read(h, 2, 0, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> h.verw(1));
        assertThrows(IndexOutOfBoundsException.class, () -> h.inL1dOrLfb(1, 0));
    }
}
