package dev.asiscope.sim.cache;

import dev.asiscope.sim.security.DataLabel;
import dev.asiscope.sim.security.Context;
import dev.asiscope.sim.security.AddressSpaceId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CacheTest {
    private static final int LINE = 64;

    /** A one-set cache: every line maps to set 0, line i is at address i * 64. */
    private static Cache oneSet(int ways, Replacement r) {
        return new Cache(new CacheGeometry("T", (long) ways * LINE, ways, LINE, r));
    }

    private static LineProvenance prov(long pa, String label) {
        return new LineProvenance(DataLabel.of(label), 1, Context.hostKernel(false, -1), null, AddressSpaceId.FULL, 100, AccessOrigin.ARCHITECTURAL,
                pa & ~(LINE - 1L));
    }

    /** Lookup, fill on miss; returns the victim's line index or -1. */
    private static long touch(Cache c, int lineIndex) {
        long pa = (long) lineIndex * LINE;
        if (c.lookup(pa, false)) {
            return -1;
        }
        CacheLine v = c.fill(pa, prov(pa, "l" + lineIndex), false);
        return v == null ? -1 : v.physicalLine() / LINE;
    }

    @Test
    void treePlruVictimOrderOnSequentialFills() {
        // 4 ways, fills A B C D, then E F G H with no hits: tree-PLRU evicts A, C, B, D (LRU would: A B C D).
        Cache c = oneSet(4, Replacement.TREE_PLRU);
        for (int i = 0; i < 4; i++) {
            assertEquals(-1, touch(c, i));
        }
        List<Long> victims = new ArrayList<>();
        for (int i = 4; i < 8; i++) {
            victims.add(touch(c, i));
        }
        assertEquals(List.of(0L, 2L, 1L, 3L), victims);
    }

    @Test
    void treePlruEightWayVictimOrder() {
        // Fill 8 ways in order; the following no-hit fills walk the ways in bit-reversed order.
        Cache c = oneSet(8, Replacement.TREE_PLRU);
        for (int i = 0; i < 8; i++) {
            touch(c, i);
        }
        List<Long> victimWays = new ArrayList<>();
        for (int i = 8; i < 16; i++) {
            long pa = (long) i * LINE;
            CacheLine v = c.peekVictim(pa);
            victimWays.add((long) v.way());
            touch(c, i);
        }
        assertEquals(List.of(0L, 4L, 2L, 6L, 1L, 5L, 3L, 7L), victimWays);
    }

    @Test
    void plruDiffersFromLruAfterAHit() {
        Cache plru = oneSet(4, Replacement.TREE_PLRU);
        Cache lru = oneSet(4, Replacement.LRU);
        for (Cache c : List.of(plru, lru)) {
            for (int i = 0; i < 4; i++) {
                touch(c, i);
            }
            assertEquals(-1, touch(c, 0)); // hit A
        }
        assertEquals(2, touch(plru, 4)); // tree points away from A's half: C
        assertEquals(1, touch(lru, 4)); // true LRU: B
    }

    @Test
    void invalidWaysAreFilledFirstLowestIndex() {
        Cache c = oneSet(4, Replacement.LRU);
        for (int i = 0; i < 4; i++) {
            touch(c, i);
        }
        assertNotNull(c.invalidate(2 * LINE));
        assertNull(c.peekVictim(9 * LINE));
        assertEquals(-1, touch(c, 9));
        assertEquals(9 * LINE, c.line(0, 2).physicalLine());
    }

    @Test
    void lookupHitAndMissCounting() {
        Cache c = oneSet(2, Replacement.LRU);
        assertFalse(c.lookup(0, false));
        c.fill(0, prov(0, "a"), false);
        assertTrue(c.lookup(8, false)); // same line, other byte
        assertTrue(c.lookup(63, true));
        assertEquals(2, c.hits());
        assertEquals(1, c.misses());
        assertEquals(1, c.fills());
        assertTrue(c.peek(0).dirty(), "write hit makes the line dirty");
    }

    @Test
    void dirtyVictimIsReportedAndCountedAsWriteBack() {
        Cache c = oneSet(2, Replacement.LRU);
        c.fill(0, prov(0, "a"), true); // store miss: arrives dirty
        c.fill(64, prov(64, "b"), false);
        c.lookup(64, true); // b dirty by a write hit
        CacheLine v1 = c.fill(128, prov(128, "c"), false);
        assertEquals(0, v1.physicalLine());
        assertTrue(v1.dirty());
        assertEquals("a", v1.provenance().label().name());
        CacheLine v2 = c.fill(192, prov(192, "d"), false);
        assertEquals(64, v2.physicalLine());
        assertTrue(v2.dirty());
        CacheLine v3 = c.fill(256, prov(256, "e"), false);
        assertFalse(v3.dirty());
        assertEquals(3, c.evictions());
        assertEquals(2, c.writebacks());
    }

    @Test
    void fillOfPresentLineActsAsHitAndKeepsProvenance() {
        Cache c = oneSet(2, Replacement.LRU);
        c.fill(0, prov(0, "first"), false);
        c.fill(64, prov(64, "b"), false);
        assertNull(c.fill(0, prov(0, "second"), true));
        assertEquals("first", c.peek(0).provenance().label().name());
        assertTrue(c.peek(0).dirty());
        assertEquals(2, c.fills());
        assertEquals(64, c.peekVictim(128).physicalLine(), "line 0 became most recent");
    }

    @Test
    void fillRejectsProvenanceOfAnotherLine() {
        Cache c = oneSet(2, Replacement.LRU);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.fill(0, prov(64, "x"), false));
        assertTrue(e.getMessage().contains("provenance is for line 0x40"), e.getMessage());
        assertThrows(NullPointerException.class, () -> c.fill(0, null, false));
    }

    @Test
    void absorbWriteBackMarksDirtyWithoutTouching() {
        Cache c = oneSet(2, Replacement.LRU);
        c.fill(0, prov(0, "a"), false);
        c.fill(64, prov(64, "b"), false);
        assertTrue(c.absorbWriteBack(0));
        assertTrue(c.peek(0).dirty());
        assertEquals(0, c.peekVictim(128).physicalLine(), "replacement state unchanged");
        assertFalse(c.absorbWriteBack(4096));
    }

    @Test
    void invalidateAndInvalidateAllCounts() {
        Cache c = new Cache(new CacheGeometry("T", 4 * 2 * LINE, 2, LINE, Replacement.TREE_PLRU));
        for (int i = 0; i < 8; i++) {
            long pa = (long) i * LINE;
            c.lookup(pa, false);
            c.fill(pa, prov(pa, "l" + i), i % 3 == 0); // lines 0, 3, 6 dirty
        }
        assertEquals(8, c.occupancy());
        CacheLine d = c.invalidate(3 * LINE);
        assertTrue(d.dirty());
        assertEquals(3 * LINE, d.physicalLine());
        assertNull(c.invalidate(3 * LINE), "already gone");
        assertNull(c.invalidate(1 << 20));
        Invalidation all = c.invalidateAll();
        assertEquals(7, all.count());
        assertEquals(2, all.writebacks());
        assertEquals(0, c.occupancy());
        assertEquals(8, c.invalidations());
        assertEquals(3, c.writebacks());
        assertSame(Invalidation.NONE, c.invalidateAll());
        assertEquals(new Cache(c.geometry()).lines(), c.lines());
    }

    @Test
    void provenanceIsKeptAndReported() {
        Cache c = oneSet(2, Replacement.LRU);
        LineProvenance p = new LineProvenance(DataLabel.of("vm:1"), 3, Context.guest(1, 0, true), null, new AddressSpaceId.Guest(1), 777,
                AccessOrigin.PAGE_WALK, 128);
        c.fill(130, p, false);
        c.lookup(128, true);
        CacheLine l = c.peek(190);
        assertSame(p, l.provenance());
        assertSame(p, c.provenanceOf(129));
        assertEquals(128, l.physicalLine());
        assertEquals(0, l.set());
        assertEquals(l, c.line(0, 0));
        assertNull(c.line(0, 1));
        assertEquals(List.of(l), c.lines());
        assertThrows(IndexOutOfBoundsException.class, () -> c.line(1, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> c.line(0, 2));
    }

    @Test
    void addressMapping() {
        Cache c = new Cache(CacheGeometry.l1dDefault());
        assertEquals(0x1234_5640L, c.lineAddress(0x1234_567fL));
        assertEquals((0x1234_567fL >>> 6) & 63, c.setIndex(0x1234_567fL));
        assertEquals(c.setIndex(0), c.setIndex(4096), "4 KiB apart: same L1D set");
    }

    @Test
    void peekDoesNotChangeReplacementState() {
        for (Replacement r : Replacement.values()) {
            String rn = r.name();
            Cache c = oneSet(4, r);
            for (int i = 0; i < 4; i++) {
                touch(c, i);
            }
            long before = c.stateHash();
            CacheLine victim = c.peekVictim(100 * LINE);
            assertEquals(0, victim.physicalLine(), rn + ": line 0 is the victim");
            // Inspect the victim line every way we can: none of it may count as a use.
            assertNotNull(c.peek(0));
            assertTrue(c.contains(0));
            assertNotNull(c.provenanceOf(0));
            c.line(0, 0);
            c.lines();
            c.occupancy();
            assertEquals(before, c.stateHash(), rn);
            assertEquals(0, c.peekVictim(100 * LINE).physicalLine(), rn + ": still the victim");
            assertEquals(0, touch(c, 100), rn + ": and evicted");
            // Contrast: a lookup hit does count as a use.
            Cache d = oneSet(4, r);
            for (int i = 0; i < 4; i++) {
                touch(d, i);
            }
            d.lookup(0, false);
            assertNotEquals(0L, d.peekVictim(100 * LINE).physicalLine(), rn);
        }
    }

    @Test
    void copyIsIndependent() {
        Cache a = oneSet(4, Replacement.TREE_PLRU);
        touch(a, 0);
        touch(a, 1);
        Cache b = a.copy();
        assertEquals(a.stateHash(), b.stateHash());
        touch(b, 2);
        b.lookup(0, true);
        assertFalse(a.contains(2 * LINE));
        assertFalse(a.peek(0).dirty());
        assertTrue(b.peek(0).dirty());
        assertEquals(2, a.fills());
        assertEquals(3, b.fills());
        assertNotEquals(a.stateHash(), b.stateHash());
    }

    @Test
    void stateHashIsDeterministicAndChangesOnEveryAccess() {
        Cache a = oneSet(4, Replacement.LRU);
        Cache b = oneSet(4, Replacement.LRU);
        assertEquals(a.stateHash(), b.stateHash());
        for (int i : new int[] {5, 1, 5, 9, 1}) {
            touch(a, i);
            touch(b, i);
        }
        assertEquals(a.stateHash(), b.stateHash());
        long h = a.stateHash();
        a.lookup(LINE, false); // hit on the most recent line: only the hit counter changes
        assertNotEquals(h, a.stateHash());
        long h2 = b.stateHash();
        b.lookup(1000 * LINE, false); // miss, nothing filled
        assertNotEquals(h2, b.stateHash());
        // Different provenance alone changes the hash.
        Cache x = oneSet(2, Replacement.LRU);
        Cache y = oneSet(2, Replacement.LRU);
        x.fill(0, prov(0, "vm:1"), false);
        y.fill(0, prov(0, "vm:2"), false);
        assertNotEquals(x.stateHash(), y.stateHash());
    }
}
