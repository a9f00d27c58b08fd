package dev.asiscope.sim.tlb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.sim.paging.PageSize;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TlbTest {

    static final long KB4 = 1L << 12;
    static final long MB2 = 1L << 21;
    static final long GB1 = 1L << 30;
    /** Linux direct map base (4-level). */
    static final long DIRECT_MAP = 0xffff_8880_0000_0000L;

    static TlbEntry entry(int vpid, int pcid, long linearBase, PageSize size, boolean global) {
        long phys = (0x40_0000_0000L + ((linearBase >>> size.shift()) << size.shift())) & 0x000F_FFFF_FFFF_FFFFL;
        phys &= ~size.offsetMask();
        return new TlbEntry(vpid, pcid, linearBase, size, phys, true, false, false, global, false, 0);
    }

    static TlbEntry entry4k(int vpid, int pcid, long linearBase, boolean global) {
        return entry(vpid, pcid, linearBase, PageSize.SIZE_4K, global);
    }

    // ------------------------------------------------------------------ geometry and entry invariants

    @Test
    void defaultGeometryIs64Entries4Ways() {
        Tlb t = new Tlb();
        assertEquals(64, t.capacity());
        assertEquals(4, t.ways());
        assertEquals(16, t.sets());
        assertEquals(0, t.size());
    }

    @Test
    void rejectsBadGeometry() {
        assertThrows(IllegalArgumentException.class, () -> new Tlb(0, 4));
        assertThrows(IllegalArgumentException.class, () -> new Tlb(64, 0));
        assertThrows(IllegalArgumentException.class, () -> new Tlb(64, 5));
        assertThrows(IllegalArgumentException.class, () -> new Tlb(-4, 4));
    }

    @Test
    void entryInvariantsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> entry4k(0, 0x1000, 0, false));
        assertThrows(IllegalArgumentException.class, () -> entry4k(0, -1, 0, false));
        assertThrows(IllegalArgumentException.class, () -> entry4k(0x10000, 0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> entry4k(0, 0, 0x123, false));
        assertThrows(IllegalArgumentException.class, () -> entry(0, 0, KB4, PageSize.SIZE_2M, false));
        assertThrows(IllegalArgumentException.class, () -> entry(0, 0, MB2, PageSize.SIZE_1G, false));
        assertThrows(IllegalArgumentException.class,
                () -> entry4k(0, 0, 0x0100_0000_0000_0000L, false)); // not canonical even for 57 bits
        assertThrows(IllegalArgumentException.class,
                () -> new TlbEntry(0, 0, 0, PageSize.SIZE_2M, KB4, true, true, true, false, false, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new TlbEntry(0, 0, 0, PageSize.SIZE_4K, 1L << 52, true, true, true, false, false, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new TlbEntry(0, 0, 0, PageSize.SIZE_4K, 0, true, true, true, false, false, 16));
        assertThrows(NullPointerException.class,
                () -> new TlbEntry(0, 0, 0, null, 0, true, true, true, false, false, 0));
        // 57-bit canonical kernel address is accepted
        entry4k(0, 0, 0xff00_0000_0000_0000L, true);
    }

    // ------------------------------------------------------------------ hit / miss per page size

    @ParameterizedTest
    @EnumSource(PageSize.class)
    void hitInsidePageMissOutside(PageSize size) {
        Tlb t = new Tlb();
        long base = DIRECT_MAP + 3 * size.bytes();
        TlbEntry e = entry(0, 0, base, size, false);
        assertNull(t.insert(e));

        assertSame(e, t.lookup(0, 0, base));
        assertSame(e, t.lookup(0, 0, base + size.bytes() - 1));
        assertSame(e, t.lookup(0, 0, base + size.bytes() / 2 + 5));
        assertNull(t.lookup(0, 0, base + size.bytes()));
        assertNull(t.lookup(0, 0, base - 1));
        assertEquals(3, t.hits());
        assertEquals(2, t.misses());
        assertEquals(e.physicalBase() + 0x123, e.physicalAddress(base + 0x123));
    }

    @Test
    void allThreePageSizesCoexistAndTheSmallestCoveringPageWins() {
        Tlb t = new Tlb();
        TlbEntry g1 = entry(0, 0, 0, PageSize.SIZE_1G, false);
        TlbEntry m2 = entry(0, 0, 0, PageSize.SIZE_2M, false);
        TlbEntry k4 = entry4k(0, 0, 0, false);
        t.insert(g1);
        t.insert(m2);
        t.insert(k4);
        assertEquals(3, t.size());
        assertSame(k4, t.lookup(0, 0, 0x10));
        assertSame(m2, t.lookup(0, 0, KB4));
        assertSame(g1, t.lookup(0, 0, MB2));
    }

    @Test
    void missOnEmptyTlb() {
        Tlb t = new Tlb();
        assertNull(t.lookup(0, 0, 0x1000));
        assertEquals(1, t.misses());
        assertEquals(0, t.hits());
    }

    // ------------------------------------------------------------------ tags

    @Test
    void nonGlobalEntryMatchesOnlyItsPcid() {
        Tlb t = new Tlb();
        TlbEntry e = entry4k(0, 1, 0x5000, false);
        t.insert(e);
        assertSame(e, t.lookup(0, 1, 0x5008));
        assertNull(t.lookup(0, 2, 0x5008));
        assertNull(t.lookup(0, 0x801, 0x5008));
    }

    @Test
    void globalEntryMatchesAnyPcid() {
        Tlb t = new Tlb();
        TlbEntry e = entry4k(0, 1, DIRECT_MAP, true);
        t.insert(e);
        for (int pcid : new int[] {0, 1, 2, 0x801, 0xfff}) {
            assertSame(e, t.lookup(0, pcid, DIRECT_MAP + 8), "pcid " + pcid);
        }
    }

    @Test
    void vpidsAreSeparateEvenForGlobalEntries() {
        Tlb t = new Tlb();
        TlbEntry host = entry4k(0, 0, 0x7000, true);
        TlbEntry guest = entry4k(1, 0, 0x7000, false);
        t.insert(host);
        t.insert(guest);
        assertEquals(2, t.size());
        assertSame(host, t.lookup(0, 0, 0x7000));
        assertSame(guest, t.lookup(1, 0, 0x7000));
        assertNull(t.lookup(2, 0, 0x7000));
        assertNull(t.lookup(1, 5, 0x7000), "guest entry is not global");
    }

    // ------------------------------------------------------------------ LRU

    @Test
    void lruEvictsLeastRecentlyUsedWay() {
        Tlb t = new Tlb(4, 4); // one set, fully associative
        TlbEntry a = entry4k(0, 0, 0x1000, false);
        TlbEntry b = entry4k(0, 0, 0x2000, false);
        TlbEntry c = entry4k(0, 0, 0x3000, false);
        TlbEntry d = entry4k(0, 0, 0x4000, false);
        for (TlbEntry e : List.of(a, b, c, d)) {
            assertNull(t.insert(e));
        }
        t.lookup(0, 0, 0x1000); // a becomes MRU; order (LRU first) b c d a
        assertSame(b, t.insert(entry4k(0, 0, 0x5000, false)));
        assertSame(c, t.insert(entry4k(0, 0, 0x6000, false)));
        t.lookup(0, 0, 0x4000); // d MRU; order a e f d
        assertSame(a, t.insert(entry4k(0, 0, 0x7000, false)));
        assertEquals(3, t.evictions());
        assertEquals(7, t.fills());
        assertEquals(4, t.size());
        assertNull(t.peek(0, 0, 0x2000));
        assertSame(d, t.peek(0, 0, 0x4000));
    }

    @Test
    void lruRankReflectsUseOrder() {
        Tlb t = new Tlb(4, 4);
        t.insert(entry4k(0, 0, 0x1000, false)); // way 0
        t.insert(entry4k(0, 0, 0x2000, false)); // way 1
        t.insert(entry4k(0, 0, 0x3000, false)); // way 2
        assertEquals(2, t.lruRank(0, 0));
        assertEquals(0, t.lruRank(0, 2));
        assertEquals(-1, t.lruRank(0, 3));
        t.lookup(0, 0, 0x1000);
        assertEquals(0, t.lruRank(0, 0));
        assertEquals(2, t.lruRank(0, 1));
    }

    @Test
    void pagesInOtherSetsDoNotCompete() {
        Tlb t = new Tlb(8, 2); // 4 sets
        // 4K pages 0, 4, 8 (page numbers) all go to set 0; page 1 goes to set 1
        TlbEntry p0 = entry4k(0, 0, 0, false);
        TlbEntry p1 = entry4k(0, 0, KB4, false);
        TlbEntry p4 = entry4k(0, 0, 4 * KB4, false);
        TlbEntry p8 = entry4k(0, 0, 8 * KB4, false);
        assertEquals(0, t.setIndex(p4.linearBase(), PageSize.SIZE_4K));
        assertEquals(1, t.setIndex(p1.linearBase(), PageSize.SIZE_4K));
        t.insert(p0);
        t.insert(p1);
        t.insert(p4);
        assertSame(p0, t.insert(p8));
        assertSame(p1, t.peek(0, 0, KB4));
        // each page size indexes with its own page number: the 2 MiB page number 1 goes to set 1
        assertEquals(1, t.setIndex(MB2, PageSize.SIZE_2M));
        assertEquals(2, t.setIndex(2 * GB1, PageSize.SIZE_1G));
    }

    @Test
    void nonPowerOfTwoSetCountWorks() {
        Tlb t = new Tlb(48, 4); // 12 sets
        List<TlbEntry> inserted = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            TlbEntry e = entry4k(0, 0, DIRECT_MAP + i * KB4, false);
            assertNull(t.insert(e), "page " + i + " fits: 48 consecutive pages fill 12 sets x 4 ways");
            inserted.add(e);
        }
        for (TlbEntry e : inserted) {
            assertSame(e, t.lookup(0, 0, e.linearBase()));
        }
        assertEquals((int) Long.remainderUnsigned((DIRECT_MAP >>> 12) + 5, 12),
                t.setIndex(DIRECT_MAP + 5 * KB4, PageSize.SIZE_4K));
    }

    // ------------------------------------------------------------------ peek and state

    @Test
    void peekChangesNeitherLruNorCountersNorHash() {
        Tlb t = new Tlb(2, 2);
        TlbEntry a = entry4k(0, 0, 0x1000, false);
        TlbEntry b = entry4k(0, 0, 0x2000, false);
        t.insert(a);
        t.insert(b);
        long hash = t.stateHash();
        assertSame(a, t.peek(0, 0, 0x1000)); // a stays LRU
        assertNull(t.peek(0, 0, 0x9000));
        t.entries();
        t.lruRank(0, 0);
        assertEquals(hash, t.stateHash());
        assertEquals(0, t.hits());
        assertEquals(0, t.misses());
        assertSame(a, t.insert(entry4k(0, 0, 0x3000, false)), "peek must not have refreshed a");

        Tlb u = new Tlb(2, 2);
        u.insert(a);
        u.insert(b);
        assertSame(a, u.lookup(0, 0, 0x1000)); // lookup does refresh
        assertSame(b, u.insert(entry4k(0, 0, 0x3000, false)));
    }

    @Test
    void entriesAreInSetThenWayOrder() {
        Tlb t = new Tlb(8, 2); // 4 sets
        TlbEntry s2 = entry4k(0, 0, 2 * KB4, false);
        TlbEntry s0a = entry4k(0, 0, 0, false);
        TlbEntry s1 = entry4k(0, 0, KB4, false);
        TlbEntry s0b = entry4k(0, 0, 4 * KB4, false);
        t.insert(s2);
        t.insert(s0a);
        t.insert(s1);
        t.insert(s0b);
        assertEquals(List.of(s0a, s0b, s1, s2), t.entries());
        assertSame(s0b, t.entryAt(0, 1));
        assertNull(t.entryAt(3, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> t.entryAt(4, 0));
    }

    @Test
    void copyIsDeepAndHashesEqual() {
        Tlb t = new Tlb(4, 2);
        t.insert(entry4k(0, 1, 0x1000, false));
        t.insert(entry4k(0, 1, DIRECT_MAP, true));
        t.lookup(0, 1, 0x1000);
        t.lookup(0, 1, 0x9000);
        Tlb c = t.copy();
        assertEquals(t.stateHash(), c.stateHash());
        assertEquals(t.entries(), c.entries());
        assertEquals(t.hits(), c.hits());
        assertEquals(t.misses(), c.misses());

        c.insert(entry4k(0, 1, 0x3000, false));
        assertNotEquals(t.stateHash(), c.stateHash());
        assertEquals(2, t.size());
        assertEquals(3, c.size());
        c.flushAll();
        assertEquals(2, t.size());
        assertTrue(t.peek(0, 1, 0x1000) != null);
    }

    /**
     * A copy shares the entries with its original until one of them writes (copy-on-write): a fill, an INVLPG
     * or a flush on either side, the original included, leaves the other as it was, and a copy of a copy too.
     */
    @Test
    void writesAfterACopyStayOnTheirSide() {
        Tlb t = new Tlb(4, 2);
        t.insert(entry4k(0, 1, 0x1000, false));
        t.insert(entry4k(0, 1, 0x2000, false));
        Tlb c = t.copy();
        Tlb cc = c.copy();
        long hash = c.stateHash();
        List<TlbEntry> entries = c.entries();

        t.insert(entry4k(0, 1, 0x3000, false));
        assertEquals(1, t.invlpg(0, 1, 0x1000));
        assertEquals(hash, c.stateHash(), "the original's fill and INVLPG leave the copy as it was");
        assertEquals(entries, c.entries());
        assertEquals(2, c.size());

        assertEquals(2, cc.flushAll());
        assertEquals(entries, c.entries(), "a copy's flush leaves the copy it was made from");
        assertEquals(2, t.size());
        assertTrue(t.peek(0, 1, 0x3000) != null);
        assertNull(t.peek(0, 1, 0x1000));

        c.lookup(0, 1, 0x2000);
        c.insert(entry4k(0, 1, 0x4000, false));
        assertEquals(3, c.size());
        assertEquals(0, cc.size());
        assertNull(t.peek(0, 1, 0x4000));
    }

    @Test
    void stateHashDependsOnLruOrderAndIsReproducible() {
        Tlb x = new Tlb(4, 4);
        Tlb y = new Tlb(4, 4);
        for (Tlb t : List.of(x, y)) {
            t.insert(entry4k(0, 0, 0x1000, false));
            t.insert(entry4k(0, 0, 0x2000, false));
        }
        assertEquals(x.stateHash(), y.stateHash());
        x.lookup(0, 0, 0x1000);
        y.lookup(0, 0, 0x2000);
        assertNotEquals(x.stateHash(), y.stateHash(), "same entries and counters, different LRU order");
        y.lookup(0, 0, 0x1000);
        x.lookup(0, 0, 0x2000);
        x.lookup(0, 0, 0x1000);
        y.resetCounters();
        x.resetCounters();
        assertEquals(x.stateHash(), y.stateHash());
    }

    // ------------------------------------------------------------------ insert replaces

    @Test
    void insertReplacesEntryForSamePageAndPcid() {
        Tlb t = new Tlb(4, 4);
        TlbEntry clean = entry4k(0, 1, 0x1000, false);
        t.insert(clean);
        t.insert(entry4k(0, 1, 0x2000, false));
        TlbEntry dirty = clean.withDirty(true);
        assertNull(t.insert(dirty));
        assertEquals(2, t.size());
        assertEquals(1, t.replacements());
        assertEquals(0, t.evictions());
        assertSame(dirty, t.peek(0, 1, 0x1000));
        assertSame(dirty, t.entryAt(0, 0), "the replacement reuses the replaced way");
    }

    @Test
    void insertKeepsSamePageOfOtherPcidsAndVpidsAndSizes() {
        Tlb t = new Tlb(8, 8);
        t.insert(entry4k(0, 1, 0, false));
        t.insert(entry4k(0, 2, 0, false));
        t.insert(entry4k(1, 1, 0, false));
        t.insert(entry(0, 1, 0, PageSize.SIZE_2M, false));
        assertEquals(4, t.size());
        assertEquals(0, t.replacements());
    }

    @Test
    void globalInsertSupersedesEveryCompetingEntryOfThatPage() {
        Tlb t = new Tlb(8, 8);
        t.insert(entry4k(0, 1, 0, false));
        t.insert(entry4k(0, 2, 0, false));
        t.insert(entry4k(0, 3, 0, true));
        t.insert(entry4k(1, 1, 0, false));
        TlbEntry g = entry4k(0, 4, 0, true);
        assertNull(t.insert(g));
        assertEquals(2, t.size());
        assertEquals(3, t.replacements());
        for (int pcid : new int[] {1, 2, 3, 4}) {
            assertSame(g, t.peek(0, pcid, 0));
        }
        // and a non-global insert supersedes the global one it competes with
        TlbEntry n = entry4k(0, 2, 0, false);
        t.insert(n);
        assertSame(n, t.peek(0, 2, 0));
        assertNull(t.peek(0, 4, 0));
    }

    // ------------------------------------------------------------------ listener

    @Test
    void listenerHearsFillsEvictionsReplacementsAndInvalidationsInOrder() {
        Tlb t = new Tlb(2, 2);
        List<String> log = new ArrayList<>();
        t.setListener(new TlbListener() {
            @Override
            public void onFill(TlbEntry e, String cause) {
                log.add("fill " + Long.toHexString(e.linearBase()) + " " + cause);
            }

            @Override
            public void onEvict(TlbEntry e, String cause) {
                log.add("evict " + Long.toHexString(e.linearBase()) + " " + cause);
            }

            @Override
            public void onInvalidate(TlbEntry e, String cause) {
                log.add("inv " + Long.toHexString(e.linearBase()) + " " + cause);
            }
        });
        t.insert(entry4k(0, 0, 0x1000, false));
        t.insert(entry4k(0, 0, 0x2000, false));
        t.insert(entry4k(0, 0, 0x3000, false));
        t.insert(entry4k(0, 0, 0x3000, false).withDirty(true));
        t.invlpg(0, 0, 0x2000);
        assertEquals(List.of(
                "fill 1000 fill",
                "fill 2000 fill",
                "evict 1000 lru",
                "fill 3000 fill",
                "evict 3000 replace",
                "fill 3000 fill",
                "inv 2000 invlpg"), log);
        assertEquals(1, t.invalidations());
        t.setListener(null);
        assertEquals(1, t.flushAll());
        assertEquals(7, log.size());
    }
}
