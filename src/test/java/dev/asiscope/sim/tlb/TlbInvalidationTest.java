package dev.asiscope.sim.tlb;

import static dev.asiscope.sim.tlb.TlbTest.DIRECT_MAP;
import static dev.asiscope.sim.tlb.TlbTest.GB1;
import static dev.asiscope.sim.tlb.TlbTest.KB4;
import static dev.asiscope.sim.tlb.TlbTest.MB2;
import static dev.asiscope.sim.tlb.TlbTest.entry;
import static dev.asiscope.sim.tlb.TlbTest.entry4k;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.asiscope.sim.paging.ControlRegisters;
import dev.asiscope.sim.paging.PageSize;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One test per invalidation rule of SDM Vol. 3A 4.10.4.1, plus the KPTI Global-bit bug and a randomized check. */
class TlbInvalidationTest {

    static final long P = 0x40_0000L; // a 4K user page
    static final long Q = 0x40_1000L; // the next 4K page
    static final long KG = DIRECT_MAP; // a 4K kernel page
    static final long KG2 = DIRECT_MAP + MB2; // a 2M kernel page

    Tlb t;
    // vpid 0 (host)
    TlbEntry a1; // pcid 1, P, non-global
    TlbEntry b2; // pcid 2, P, non-global
    TlbEntry c1; // pcid 1, Q, non-global
    TlbEntry g1; // pcid 1, KG, global
    TlbEntry g2; // pcid 2, KG2 (2M), global
    TlbEntry z0; // pcid 0, Q, non-global
    // vpid 1 (a guest)
    TlbEntry v1; // pcid 1, P, non-global
    TlbEntry vg; // pcid 2, KG, global

    @BeforeEach
    void fill() {
        t = new Tlb(64, 8);
        a1 = entry4k(0, 1, P, false);
        b2 = entry4k(0, 2, P, false);
        c1 = entry4k(0, 1, Q, false);
        g1 = entry4k(0, 1, KG, true);
        g2 = entry(0, 2, KG2, PageSize.SIZE_2M, true);
        z0 = entry4k(0, 0, Q, false);
        v1 = entry4k(1, 1, P, false);
        vg = entry4k(1, 2, KG, true);
        for (TlbEntry e : all()) {
            assertNull(t.insert(e));
        }
        assertEquals(8, t.size());
    }

    List<TlbEntry> all() {
        return List.of(a1, b2, c1, g1, g2, z0, v1, vg);
    }

    /** Asserts the TLB holds exactly all entries except {@code removed}, and returns nothing else. */
    void assertRemoved(int count, TlbEntry... removed) {
        Set<TlbEntry> gone = Set.of(removed);
        Set<TlbEntry> expected = all().stream().filter(e -> !gone.contains(e)).collect(Collectors.toSet());
        assertEquals(expected, Set.copyOf(t.entries()));
        assertEquals(removed.length, count, "returned count");
        assertEquals(removed.length, t.invalidations());
    }

    static ControlRegisters noPcid() {
        return ControlRegisters.linuxDefaults(0x10_0000L); // PGE=1, PCIDE=0, SMEP=1, SMAP=1
    }

    static ControlRegisters withPcid(long cr3) {
        return ControlRegisters.linuxDefaults(cr3).withCr4(true, false, true, true, true, false);
    }

    // ------------------------------------------------------------------ INVLPG

    @Test
    void invlpgRemovesCurrentPcidEntryForThePage() {
        assertRemoved(t.invlpg(0, 1, P + 0x10), a1);
    }

    @Test
    void invlpgKeepsNonGlobalEntriesOfOtherPcidsForThatPage() {
        t.invlpg(0, 1, P);
        assertSame(b2, t.peek(0, 2, P));
        assertEquals(1, t.invlpg(0, 2, P));
        assertNull(t.peek(0, 2, P));
    }

    @Test
    void invlpgRemovesGlobalEntryForThePageWhateverItsPcid() {
        // current PCID 1; g2 is global and was created under PCID 2; it is a 2M page containing the address
        assertRemoved(t.invlpg(0, 1, KG2 + 0x1234_5), g2);
    }

    @Test
    void invlpgFromAThirdPcidRemovesOnlyTheGlobal() {
        // current PCID 7 has no own entry for KG; the global entry of PCID 1 still goes, vpid 1's global stays
        assertRemoved(t.invlpg(0, 7, KG + 8), g1);
    }

    @Test
    void invlpgCoversEveryPageSizeContainingTheAddress() {
        Tlb u = new Tlb(16, 4);
        TlbEntry k = entry4k(0, 3, GB1 + MB2 + KB4, false);
        TlbEntry m = entry(0, 3, GB1 + MB2, PageSize.SIZE_2M, false);
        TlbEntry g = entry(0, 3, GB1, PageSize.SIZE_1G, false);
        TlbEntry other = entry4k(0, 3, GB1 + MB2, false);
        for (TlbEntry e : List.of(k, m, g, other)) {
            u.insert(e);
        }
        assertEquals(3, u.invlpg(0, 3, GB1 + MB2 + KB4 + 0x42));
        assertEquals(List.of(other), u.entries());
    }

    @Test
    void invlpgOnlyTouchesTheGivenVpid() {
        assertRemoved(t.invlpg(1, 1, P), v1);
    }

    @Test
    void invlpgOfNonCanonicalAddressIsANop() {
        assertEquals(0, t.invlpg(0, 1, P | 0x8000_0000_0000_0000L)); // bit 63 set, bits 62:47 clear
        assertEquals(8, t.size());
    }

    // ------------------------------------------------------------------ INVPCID

    @Test
    void invpcidType0RemovesOnlyNonGlobalEntryOfPcidForAddress() {
        assertRemoved(t.invpcid(0, 0, 1, P + 5), a1);
        // must NOT remove: b2 (other PCID, same page), c1 (same PCID, other page), v1 (other VPID)
    }

    @Test
    void invpcidType0KeepsGlobalEntries() {
        // g1 is global with PCID 1 and covers KG: "except global translations"
        assertRemoved(t.invpcid(0, 0, 1, KG), new TlbEntry[0]);
        assertSame(g1, t.peek(0, 1, KG));
        assertRemoved(t.invpcid(0, 0, 2, KG2), new TlbEntry[0]);
    }

    @Test
    void invpcidType1RemovesAllNonGlobalEntriesOfPcid() {
        assertRemoved(t.invpcid(1, 0, 1, 0), a1, c1);
        // must NOT remove: g1 (global, same PCID), b2/g2/z0 (other PCIDs), v1 (other VPID)
    }

    @Test
    void invpcidType1IgnoresTheLinearAddress() {
        assertRemoved(t.invpcid(1, 0, 2, 0xdead_b000L), b2);
    }

    @Test
    void invpcidType2RemovesEverythingOfTheVpidIncludingGlobals() {
        assertRemoved(t.invpcid(2, 0, 0, 0), a1, b2, c1, g1, g2, z0);
        // must NOT remove: v1, vg (other VPID)
    }

    @Test
    void invpcidType3RemovesAllNonGlobalEntriesOfAllPcids() {
        assertRemoved(t.invpcid(3, 0, 0, 0), a1, b2, c1, z0);
        // must NOT remove: g1, g2 (globals), v1, vg (other VPID)
    }

    @Test
    void invpcidInvalidTypeIsGpAndChangesNothing() {
        long hash = t.stateHash();
        for (int type : new int[] {-1, 4, 5, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            assertThrows(IllegalArgumentException.class, () -> t.invpcid(type, 0, 1, P), "type " + type);
        }
        assertThrows(IllegalArgumentException.class, () -> t.invpcid(1, 0, 0x1000, P), "PCID above 12 bits");
        assertThrows(IllegalArgumentException.class, () -> t.invpcid(1, -1, 1, P), "bad VPID");
        assertEquals(hash, t.stateHash());
    }

    // ------------------------------------------------------------------ MOV to CR3

    @Test
    void movToCr3WithoutPcideRemovesNonGlobalEntriesOfPcid0Only() {
        assertRemoved(t.movToCr3(0, noPcid(), 0x20_0000L), z0);
        // must NOT remove: globals, entries of other PCIDs (which cannot exist with PCIDE=0 in practice), vpid 1
    }

    @Test
    void movToCr3WithoutPcideIgnoresBit63() {
        assertRemoved(t.movToCr3(0, noPcid(), 0x20_0000L | ControlRegisters.CR3_NOFLUSH), z0);
    }

    @Test
    void movToCr3WithPcideRemovesNonGlobalEntriesOfTheNewPcid() {
        // current PCID 1, switching to PCID 2: PCID 2's non-global entries go, PCID 1's (the old one) stay
        assertRemoved(t.movToCr3(0, withPcid(0x10_0000L | 1), 0x20_0000L | 2), b2);
        assertSame(a1, t.peek(0, 1, P));
        assertSame(g2, t.peek(0, 1, KG2), "global of the new PCID stays");
    }

    @Test
    void movToCr3WithPcideAndBit63RemovesNothing() {
        assertRemoved(t.movToCr3(0, withPcid(0x10_0000L | 1), 0x20_0000L | 2 | ControlRegisters.CR3_NOFLUSH));
    }

    @Test
    void movToCr3OnlyTouchesTheGivenVpid() {
        assertRemoved(t.movToCr3(1, withPcid(0x10_0000L | 2), 0x20_0000L | 1), v1);
    }

    // ------------------------------------------------------------------ MOV to CR4

    @Test
    void cr4PgeClearedFlushesEverythingOfTheVpidIncludingGlobals() {
        ControlRegisters before = withPcid(0x10_0000L | 1);
        ControlRegisters after = before.withCr4(false, false, true, true, true, false);
        assertRemoved(t.cr4Changed(0, before, after), a1, b2, c1, g1, g2, z0);
    }

    @Test
    void cr4PgeSetFlushesEverythingToo() {
        ControlRegisters before = noPcid().withCr4(false, false, false, true, true, false);
        assertRemoved(t.cr4Changed(0, before, noPcid()), a1, b2, c1, g1, g2, z0);
    }

    @Test
    void cr4PcideClearedFlushesEverythingIncludingGlobals() {
        ControlRegisters before = withPcid(0x10_0000L | 1);
        ControlRegisters after = before.withCr4(true, false, false, true, true, false);
        assertRemoved(t.cr4Changed(0, before, after), a1, b2, c1, g1, g2, z0);
    }

    @Test
    void cr4PcideSetInvalidatesNothing() {
        ControlRegisters before = noPcid();
        ControlRegisters after = before.withCr4(true, false, true, true, true, false);
        assertRemoved(t.cr4Changed(0, before, after));
    }

    @Test
    void cr4SmepSetFlushesTheCurrentPcidIncludingItsGlobals() {
        ControlRegisters before = withPcid(0x10_0000L | 1).withCr4(true, false, true, false, true, false);
        ControlRegisters after = before.withCr4(true, false, true, true, true, false);
        assertRemoved(t.cr4Changed(0, before, after), a1, c1, g1);
        // must NOT remove: entries of PCIDs 0 and 2 (g2 is global but associated with PCID 2), vpid 1
    }

    @Test
    void cr4SmepSetWithoutPcideFlushesPcid0() {
        ControlRegisters before = noPcid().withCr4(true, false, false, false, true, false);
        assertRemoved(t.cr4Changed(0, before, noPcid()), z0);
    }

    @Test
    void cr4SmepClearedSmapAndPkeChangesInvalidateNothing() {
        ControlRegisters base = withPcid(0x10_0000L | 1);
        assertEquals(0, t.cr4Changed(0, base, base.withCr4(true, false, true, false, true, false)), "SMEP 1->0");
        assertEquals(0, t.cr4Changed(0, base, base.withCr4(true, false, true, true, false, false)), "SMAP 1->0");
        assertEquals(0, t.cr4Changed(0, base.withCr4(true, false, true, true, false, false), base), "SMAP 0->1");
        assertEquals(0, t.cr4Changed(0, base, base.withCr4(true, false, true, true, true, true)), "PKE 0->1");
        assertEquals(0, t.cr4Changed(0, base, base), "no change");
        assertEquals(8, t.size());
    }

    @Test
    void cr4La57ChangeFlushesEverything() {
        ControlRegisters before = withPcid(0x10_0000L | 1);
        ControlRegisters after = before.withCr4(true, true, true, true, true, false);
        assertRemoved(t.cr4Changed(0, before, after), a1, b2, c1, g1, g2, z0);
    }

    @Test
    void cr4ChangeOnlyTouchesTheGivenVpid() {
        ControlRegisters before = withPcid(0x10_0000L | 1);
        ControlRegisters after = before.withCr4(false, false, true, true, true, false);
        assertRemoved(t.cr4Changed(1, before, after), v1, vg);
    }

    // ------------------------------------------------------------------ VMX-side flushes

    @Test
    void flushVpidRemovesAllEntriesOfThatVpidOnly() {
        assertRemoved(t.flushVpid(1), v1, vg);
    }

    @Test
    void flushAllRemovesEverything() {
        assertRemoved(t.flushAll(), a1, b2, c1, g1, g2, z0, v1, vg);
        assertEquals(0, t.size());
        assertNull(t.lookup(0, 1, KG));
    }

    @Test
    void invalidationsReportEachEntryWithItsCause() {
        List<String> log = new ArrayList<>();
        t.setListener(new TlbListener() {
            @Override
            public void onInvalidate(TlbEntry e, String cause) {
                log.add(cause + ":" + e.pcid());
            }
        });
        t.invpcid(1, 0, 1, 0);
        t.movToCr3(0, withPcid(1), 2);
        assertEquals(List.of("invpcid-1-context:1", "invpcid-1-context:1", "mov-cr3:2"), log);
    }

    // ------------------------------------------------------------------ KPTI and the 2022 Global-bit bug

    /**
     * KPTI with PCIDs: the kernel runs with PCID 1, user space with PCID 1 | 0x800 (X86_CR3_PTI_PCID_USER_BIT) on the
     * user half of the PGD (CR3 bit 12). In 2022 direct-map PUD (1 GiB) entries were still Global with PTI on: the
     * TLB entry filled in kernel mode survives the switch to the user CR3, so a Meltdown load from user mode
     * translates the kernel address without a walk of the user page table (which does not map it). A non-Global
     * kernel mapping does not survive.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void kptiWronglyGlobalKernelMappingSurvivesSwitchToUserPcid(boolean noFlush) {
        Tlb tlb = new Tlb();
        long kernelPgd = 0x1234_0000L;
        long userPgd = kernelPgd | 0x1000;
        int kernelPcid = 1;
        int userPcid = kernelPcid | 0x800;
        ControlRegisters kernel = withPcid(kernelPgd | kernelPcid);

        long secret = DIRECT_MAP + 5 * GB1 + 0x1234_5678L; // in a 1 GiB direct-map page
        long vmallocData = 0xffff_c900_0000_0000L + 0x7000;
        TlbEntry buggyPud = entry(0, kernelPcid, DIRECT_MAP + 5 * GB1, PageSize.SIZE_1G, true);
        TlbEntry kernelPte = entry4k(0, kernelPcid, vmallocData, false);
        tlb.insert(buggyPud);
        tlb.insert(kernelPte);
        assertSame(buggyPud, tlb.lookup(0, kernel.pcid(), secret));
        assertSame(kernelPte, tlb.lookup(0, kernel.pcid(), vmallocData));

        // SWITCH_TO_USER_CR3: user PGD and user PCID; bit 63 set unless a user-PCID flush is pending
        long newCr3 = userPgd | userPcid | (noFlush ? ControlRegisters.CR3_NOFLUSH : 0);
        tlb.movToCr3(0, kernel, newCr3);
        ControlRegisters user = kernel.withCr3(newCr3);
        assertEquals(userPcid, user.pcid());

        assertSame(buggyPud, tlb.lookup(0, user.pcid(), secret), "the 2022 bug: Global kernel entry still hits");
        assertNull(tlb.lookup(0, user.pcid(), vmallocData), "non-Global kernel entry is not visible to user PCID");

        // The fix (Global cleared on the PUD mapping): the same sequence leaves nothing for user mode.
        Tlb fixed = new Tlb();
        fixed.insert(entry(0, kernelPcid, DIRECT_MAP + 5 * GB1, PageSize.SIZE_1G, false));
        fixed.movToCr3(0, kernel, newCr3);
        assertNull(fixed.lookup(0, user.pcid(), secret));
        // and back in the kernel (bit 63 set, as Linux does for the kernel PCID) the entry is still there
        fixed.movToCr3(0, user, kernelPgd | kernelPcid | ControlRegisters.CR3_NOFLUSH);
        assertNotNull(fixed.lookup(0, kernelPcid, secret));
    }

    @Test
    void kptiWithoutPcidTheCr3SwitchFlushesNonGlobalKernelEntriesButNotGlobalOnes() {
        Tlb tlb = new Tlb();
        ControlRegisters kernel = noPcid();
        TlbEntry buggyPud = entry(0, 0, DIRECT_MAP, PageSize.SIZE_1G, true);
        TlbEntry kernelPte = entry4k(0, 0, DIRECT_MAP + 2 * GB1, false);
        tlb.insert(buggyPud);
        tlb.insert(kernelPte);
        assertEquals(1, tlb.movToCr3(0, kernel, kernel.cr3() | 0x1000));
        assertSame(buggyPud, tlb.lookup(0, 0, DIRECT_MAP + 0x42));
        assertNull(tlb.lookup(0, 0, DIRECT_MAP + 2 * GB1));
    }

    // ------------------------------------------------------------------ randomized check against a reference

    /** A list of entries with the rules written straight from the SDM sentences; unbounded capacity. */
    static final class Reference {
        final List<TlbEntry> entries = new ArrayList<>();

        List<TlbEntry> matches(int vpid, int pcid, long la) {
            List<TlbEntry> out = new ArrayList<>();
            for (TlbEntry e : entries) {
                if (e.vpid() == vpid && e.covers(la) && (e.pcid() == pcid || e.global())) {
                    out.add(e);
                }
            }
            return out;
        }

        void insert(TlbEntry n) {
            entries.removeIf(x -> x.vpid() == n.vpid() && x.pageSize() == n.pageSize()
                    && x.linearBase() == n.linearBase() && (x.pcid() == n.pcid() || x.global() || n.global()));
            entries.add(n);
        }
    }

    static Predicate<TlbEntry> invlpgRule(int vpid, int pcid, long la) {
        // "entries ... for a page number corresponding to the linear address and ... associated with the current
        // PCID" + "any global TLB entries with that page number, regardless of PCID"
        return e -> e.vpid() == vpid && e.covers(la) && (e.pcid() == pcid || e.global());
    }

    static Predicate<TlbEntry> invpcidRule(int type, int vpid, int pcid, long la) {
        return switch (type) {
            case 0 -> e -> e.vpid() == vpid && !e.global() && e.pcid() == pcid && e.covers(la);
            case 1 -> e -> e.vpid() == vpid && !e.global() && e.pcid() == pcid;
            case 2 -> e -> e.vpid() == vpid;
            case 3 -> e -> e.vpid() == vpid && !e.global();
            default -> throw new AssertionError();
        };
    }

    static Predicate<TlbEntry> movToCr3Rule(int vpid, ControlRegisters before, long cr3) {
        if (!before.cr4Pcide()) {
            return e -> e.vpid() == vpid && e.pcid() == 0 && !e.global();
        }
        if (cr3 < 0) {
            return e -> false;
        }
        int p = (int) (cr3 & 0xfff);
        return e -> e.vpid() == vpid && e.pcid() == p && !e.global();
    }

    static Predicate<TlbEntry> cr4Rule(int vpid, ControlRegisters b, ControlRegisters a) {
        if (b.cr4Pge() != a.cr4Pge() || (b.cr4Pcide() && !a.cr4Pcide()) || b.cr4La57() != a.cr4La57()) {
            return e -> e.vpid() == vpid;
        }
        if (!b.cr4Smep() && a.cr4Smep()) {
            return e -> e.vpid() == vpid && e.pcid() == b.pcid();
        }
        return e -> false;
    }

    static final int[] VPIDS = {0, 0, 0, 1};
    static final int[] PCIDS = {0, 1, 1, 2, 0x801};
    static final long[] GIGS = {0, GB1, DIRECT_MAP, DIRECT_MAP + 3 * GB1};

    static long randomAddress(Random r) {
        long gig = GIGS[r.nextInt(GIGS.length)];
        long two = (r.nextInt(3) * 7L) * MB2;
        long four = r.nextInt(6) * KB4;
        return gig + two + four + r.nextInt(4096);
    }

    static ControlRegisters randomCr(Random r) {
        boolean pcide = r.nextBoolean();
        long cr3 = 0x10_0000L | (pcide ? PCIDS[r.nextInt(PCIDS.length)] : 0);
        return ControlRegisters.linuxDefaults(cr3).withCr4(r.nextInt(4) != 0, r.nextInt(10) == 0, pcide,
                r.nextBoolean(), r.nextBoolean(), r.nextBoolean());
    }

    static Map<TlbEntry, Integer> multiset(List<TlbEntry> list) {
        Map<TlbEntry, Integer> m = new HashMap<>();
        for (TlbEntry e : list) {
            m.merge(e, 1, Integer::sum);
        }
        return m;
    }

    @ParameterizedTest
    @ValueSource(longs = {1L, 42L, 0xA51L, 20220819L, 7_777_777L})
    void randomTracesNeverReturnAnEntryTheReferenceInvalidated(long seed) {
        runTrace(seed, new Tlb(16, 4), false);
    }

    @ParameterizedTest
    @ValueSource(longs = {3L, 99L})
    void randomTracesNonPowerOfTwoSetsAndDirectMapped(long seed) {
        runTrace(seed, new Tlb(12, 4), false);
        runTrace(seed + 1, new Tlb(8, 1), false);
    }

    @ParameterizedTest
    @ValueSource(longs = {5L, 2024L})
    void randomTracesWithoutEvictionsMatchTheReferenceExactly(long seed) {
        runTrace(seed, new Tlb(1024, 1024), true);
    }

    private void runTrace(long seed, Tlb tlb, boolean exact) {
        Random r = new Random(seed);
        Reference ref = new Reference();
        int lookups = 0;
        int hits = 0;
        int removedTotal = 0;
        for (int step = 0; step < 4000; step++) {
            String ctx = "seed " + seed + " step " + step;
            int vpid = VPIDS[r.nextInt(VPIDS.length)];
            int pcid = PCIDS[r.nextInt(PCIDS.length)];
            int op = r.nextInt(100);
            List<TlbEntry> before = tlb.entries();
            Predicate<TlbEntry> rule = null;
            int removed = -1;
            if (op < 35) {
                long la = randomAddress(r);
                PageSize size = PageSize.values()[r.nextInt(3)];
                long base = la & ~size.offsetMask();
                long phys = ((long) r.nextInt(1 << 20) << 30) & 0x000F_FFFF_FFFF_F000L & ~size.offsetMask();
                TlbEntry e = new TlbEntry(vpid, pcid, base, size, phys, r.nextBoolean(), r.nextBoolean(),
                        r.nextBoolean(), r.nextInt(4) == 0, r.nextBoolean(), r.nextInt(16));
                ref.insert(e);
                TlbEntry victim = tlb.insert(e);
                TlbEntry seen = tlb.peek(vpid, pcid, la);
                assertNotNull(seen, ctx + ": just inserted");
                if (seen.pageSize() == size) {
                    assertSame(e, seen, ctx);
                } else {
                    assertTrue(seen.pageSize().ordinal() < size.ordinal(), ctx + ": only a smaller page may win");
                }
                if (victim != null) {
                    assertTrue(before.contains(victim), ctx);
                }
            } else if (op < 70) {
                long la = randomAddress(r);
                List<TlbEntry> allowed = ref.matches(vpid, pcid, la);
                TlbEntry peeked = tlb.peek(vpid, pcid, la);
                TlbEntry got = tlb.lookup(vpid, pcid, la);
                assertSame(peeked, got, ctx);
                lookups++;
                if (got != null) {
                    hits++;
                    assertTrue(allowed.contains(got), ctx + ": returned " + got + " not valid in reference "
                            + allowed);
                    assertTrue(got.covers(la) && got.matchesContext(vpid, pcid), ctx);
                } else if (exact) {
                    assertTrue(allowed.isEmpty(), ctx + ": missed although reference has " + allowed);
                }
            } else if (op < 78) {
                long la = r.nextInt(8) == 0 ? randomAddress(r) | 0x0100_0000_0000_0000L : randomAddress(r);
                rule = invlpgRule(vpid, pcid, la);
                removed = tlb.invlpg(vpid, pcid, la);
            } else if (op < 86) {
                int type = r.nextInt(4);
                long la = randomAddress(r);
                rule = invpcidRule(type, vpid, pcid, la);
                removed = tlb.invpcid(type, vpid, pcid, la);
            } else if (op < 93) {
                ControlRegisters b = randomCr(r);
                long cr3 = 0x20_0000L | PCIDS[r.nextInt(PCIDS.length)]
                        | (r.nextBoolean() ? ControlRegisters.CR3_NOFLUSH : 0);
                rule = movToCr3Rule(vpid, b, cr3);
                removed = tlb.movToCr3(vpid, b, cr3);
            } else if (op < 98) {
                ControlRegisters b = randomCr(r);
                ControlRegisters a = r.nextBoolean() ? randomCr(r)
                        : b.withCr4(b.cr4Pge(), b.cr4La57(), b.cr4Pcide(), r.nextBoolean(), r.nextBoolean(),
                                r.nextBoolean());
                rule = cr4Rule(vpid, b, a);
                removed = tlb.cr4Changed(vpid, b, a);
            } else if (op < 99) {
                rule = e -> e.vpid() == vpid;
                removed = tlb.flushVpid(vpid);
            } else {
                rule = e -> true;
                removed = tlb.flushAll();
            }

            if (rule != null) {
                Predicate<TlbEntry> gone = rule;
                ref.entries.removeIf(gone);
                List<TlbEntry> expected = before.stream().filter(gone.negate()).toList();
                assertEquals(expected, tlb.entries(), ctx + ": exactly the required entries go, in place");
                assertEquals(before.size() - expected.size(), removed, ctx);
                removedTotal += removed;
            }

            // every cached entry is one the reference still holds
            Map<TlbEntry, Integer> have = multiset(tlb.entries());
            Map<TlbEntry, Integer> allowed = multiset(ref.entries);
            for (Map.Entry<TlbEntry, Integer> e : have.entrySet()) {
                if (allowed.getOrDefault(e.getKey(), 0) < e.getValue()) {
                    fail(ctx + ": TLB holds " + e.getKey() + " which the reference invalidated");
                }
            }
            if (exact) {
                assertEquals(allowed, have, ctx);
            }
            assertEquals(tlb.entries().size(), tlb.size(), ctx);
            assertAtMostOneMatchPerPageSize(tlb.entries(), ctx);
        }
        assertTrue(lookups > 1000 && hits > 50 && removedTotal > 50,
                "trace exercised too little: lookups " + lookups + " hits " + hits + " removed " + removedTotal);
        if (exact) {
            assertEquals(0, tlb.evictions());
        } else {
            assertTrue(tlb.evictions() > 0, "small TLB should have evicted");
        }
    }

    private static void assertAtMostOneMatchPerPageSize(List<TlbEntry> list, String ctx) {
        for (int i = 0; i < list.size(); i++) {
            for (int j = i + 1; j < list.size(); j++) {
                TlbEntry x = list.get(i);
                TlbEntry y = list.get(j);
                boolean competing = x.vpid() == y.vpid() && x.pageSize() == y.pageSize()
                        && x.linearBase() == y.linearBase() && (x.pcid() == y.pcid() || x.global() || y.global());
                assertTrue(!competing, ctx + ": competing entries " + x + " and " + y);
            }
        }
    }
}
