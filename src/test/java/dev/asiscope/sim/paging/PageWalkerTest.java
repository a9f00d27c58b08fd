package dev.asiscope.sim.paging;

import static dev.asiscope.sim.paging.PageFault.EC_ID;
import static dev.asiscope.sim.paging.PageFault.EC_P;
import static dev.asiscope.sim.paging.PageFault.EC_PK;
import static dev.asiscope.sim.paging.PageFault.EC_RSVD;
import static dev.asiscope.sim.paging.PageFault.EC_U;
import static dev.asiscope.sim.paging.PageFault.EC_W;
import static dev.asiscope.sim.paging.PageTableEntry.A;
import static dev.asiscope.sim.paging.PageTableEntry.D;
import static dev.asiscope.sim.paging.PageTableEntry.G;
import static dev.asiscope.sim.paging.PageTableEntry.P;
import static dev.asiscope.sim.paging.PageTableEntry.PS;
import static dev.asiscope.sim.paging.PageTableEntry.RW;
import static dev.asiscope.sim.paging.PageTableEntry.US;
import static dev.asiscope.sim.paging.PageTableEntry.XD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.scenario.PageFaultText;
import dev.asiscope.sim.mem.PhysicalMemory;
import dev.asiscope.sim.mem.QwordMemory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hand-built page tables in a {@link PhysicalMemory}, checked against values worked out from the Intel
 * SDM Vol. 3A chapter 4 by hand (entry addresses, physical addresses, error codes are literals).
 */
class PageWalkerTest {
    // One table per level at fixed physical addresses; the walks below all use this one chain.
    static final long PML5_BASE = 0x10_0000L;
    static final long PML4_BASE = 0x11_0000L;
    static final long PDPT_BASE = 0x12_0000L;
    static final long PD_BASE = 0x13_0000L;
    static final long PT_BASE = 0x14_0000L;

    /** A user address: PML4 index 0xfe, PDPT 0x48, PD 0x1a2, PT 0x167, offset 0xabc. */
    static final long VA = 0x0000_7F12_3456_7ABCL;
    /** Same low 48 bits plus PML5 index 0xab: canonical only with LA57. */
    static final long VA5 = 0x00AB_7F12_3456_7ABCL;

    static final long FRAME_4K = 0x2_3456_7000L;
    static final long FRAME_2M = 0x2_3460_0000L;
    static final long FRAME_1G = 0x3_4000_0000L;

    /** Non-leaf entries: present, writable, user, so the leaf decides unless a test says otherwise. */
    static final long TBL = P | RW | US;

    PhysicalMemory mem;
    RecordingMemory rec;
    PageWalker walker;

    @BeforeEach
    void setUp() {
        mem = new PhysicalMemory();
        rec = new RecordingMemory(mem);
        walker = new PageWalker(46);
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Control registers from flag names: wp, nxe, smep, smap, pke, ac, la57. CR3 points at the PML5 with
     * la57, else at the PML4.
     */
    static ControlRegisters regs(String flags) {
        List<String> f = List.of(flags.split(" "));
        boolean la57 = f.contains("la57");
        return new ControlRegisters(f.contains("wp"), la57 ? PML5_BASE : PML4_BASE, true, la57, false,
                f.contains("smep"), f.contains("smap"), f.contains("pke"), f.contains("nxe"), f.contains("ac"), 0);
    }

    static long addr(long base, PagingLevel level, long va) {
        return base + 8L * level.indexOf(va);
    }

    void put(long base, PagingLevel level, long va, long value) {
        mem.writeQword(addr(base, level, va), value);
    }

    long get(long base, PagingLevel level, long va) {
        return mem.readQword(addr(base, level, va));
    }

    /** Upper levels PML5 (always written, used only with LA57) and PML4 -> PDPT. */
    void mapUpper(long va) {
        put(PML5_BASE, PagingLevel.PML5, va, PML4_BASE | TBL);
        put(PML4_BASE, PagingLevel.PML4, va, PDPT_BASE | TBL);
    }

    void map4k(long va, long pteFlags) {
        mapUpper(va);
        put(PDPT_BASE, PagingLevel.PDPT, va, PD_BASE | TBL);
        put(PD_BASE, PagingLevel.PD, va, PT_BASE | TBL);
        put(PT_BASE, PagingLevel.PT, va, FRAME_4K | pteFlags);
    }

    void map2m(long va, long pdeFlags) {
        mapUpper(va);
        put(PDPT_BASE, PagingLevel.PDPT, va, PD_BASE | TBL);
        put(PD_BASE, PagingLevel.PD, va, FRAME_2M | PS | pdeFlags);
    }

    void map1g(long va, long pdpteFlags) {
        mapUpper(va);
        put(PDPT_BASE, PagingLevel.PDPT, va, FRAME_1G | PS | pdpteFlags);
    }

    /** Base of the table at {@code level} in the standard chain. */
    static long base(PagingLevel level) {
        return switch (level) {
            case PML5 -> PML5_BASE;
            case PML4 -> PML4_BASE;
            case PDPT -> PDPT_BASE;
            case PD -> PD_BASE;
            case PT -> PT_BASE;
        };
    }

    /** ORs {@code bits} into the standard-chain entry for {@code va} at {@code level}. */
    void orEntry(PagingLevel level, long va, long bits) {
        put(base(level), level, va, get(base(level), level, va) | bits);
    }

    void andEntry(PagingLevel level, long va, long keep) {
        put(base(level), level, va, get(base(level), level, va) & keep);
    }

    WalkResult walk(ControlRegisters cr, long va, AccessType type, boolean user) {
        return walker.walk(cr, va, type, user, rec, true);
    }

    static int ec(WalkResult r) {
        assertTrue(r.faulted(), "expected a fault");
        return r.fault().errorCode();
    }

    static void assertOk(WalkResult r) {
        assertNull(r.fault(), () -> "unexpected " + PageFaultText.of(r.fault()));
    }

    static void assertPermissionFault(int expectedEc, WalkResult r) {
        assertTrue(r.faulted(), "expected a permission fault");
        assertEquals(PageFault.Kind.PAGE_FAULT, r.fault().kind());
        assertEquals(expectedEc, r.fault().errorCode(), () -> PageFaultText.of(r.fault()));
        assertNull(r.fault().level(), "permission faults report level null");
        assertEquals(-1, r.physicalAddress());
        assertEquals(-1, r.terminalPhysicalAddress());
        assertNull(r.pageSize());
        assertFalse(r.fault().isTerminal());
    }

    /** Memory that records every access and forwards to a {@link PhysicalMemory}. */
    static final class RecordingMemory implements QwordMemory {
        final PhysicalMemory backing;
        final List<Long> reads = new ArrayList<>();
        final List<Long> writes = new ArrayList<>();

        RecordingMemory(PhysicalMemory backing) {
            this.backing = backing;
        }

        @Override
        public long readQword(long physicalAddress) {
            reads.add(physicalAddress);
            return backing.readQword(physicalAddress);
        }

        @Override
        public void writeQword(long physicalAddress, long value) {
            writes.add(physicalAddress);
            backing.writeQword(physicalAddress, value);
        }
    }

    // ---------------------------------------------------------------- construction

    @Test
    void maxPhysAddrRange() {
        assertEquals(36, new PageWalker(36).maxPhysAddr());
        assertEquals(52, new PageWalker(52).maxPhysAddr());
        assertEquals(46, walker.maxPhysAddr());
        assertThrows(IllegalArgumentException.class, () -> new PageWalker(35));
        assertThrows(IllegalArgumentException.class, () -> new PageWalker(53));
    }

    // ---------------------------------------------------------------- successful translations

    @Test
    void fourKibPageFourLevel() {
        map4k(VA, P | RW | US);
        WalkResult r = walker.walk(regs("wp nxe"), VA, AccessType.READ, true, rec, false);
        assertOk(r);
        assertEquals(0x2_3456_7ABCL, r.physicalAddress());
        assertEquals(PageSize.SIZE_4K, r.pageSize());
        assertEquals(VA, r.linearAddress());
        assertEquals(List.of(
                new WalkStep(PagingLevel.PML4, 0x11_07F0L, PDPT_BASE | TBL),
                new WalkStep(PagingLevel.PDPT, 0x12_0240L, PD_BASE | TBL),
                new WalkStep(PagingLevel.PD, 0x13_0D10L, PT_BASE | TBL),
                new WalkStep(PagingLevel.PT, 0x14_0B38L, FRAME_4K | P | RW | US)), r.steps());
        assertTrue(r.writable());
        assertTrue(r.user());
        assertTrue(r.executable());
        assertFalse(r.global());
        assertFalse(r.dirty());
        assertEquals(-1, r.terminalPhysicalAddress());
        assertEquals(List.of(), r.updates());
    }

    @Test
    void readsEntriesOnceEachTopLevelFirst() {
        map4k(VA5, P | RW | US);
        walker.walk(regs("wp nxe la57"), VA5, AccessType.READ, true, rec, false);
        assertEquals(List.of(0x10_0558L, 0x11_07F0L, 0x12_0240L, 0x13_0D10L, 0x14_0B38L), rec.reads);
        assertEquals(List.of(), rec.writes);
    }

    @Test
    void twoMibPage() {
        map2m(VA, P | RW | US);
        WalkResult r = walk(regs("wp nxe"), VA, AccessType.READ, false);
        assertOk(r);
        // 2 MiB offset = VA bits 20:0 = 0x167abc
        assertEquals(0x2_3476_7ABCL, r.physicalAddress());
        assertEquals(PageSize.SIZE_2M, r.pageSize());
        assertEquals(3, r.steps().size());
        assertEquals(PagingLevel.PD, r.steps().get(2).level());
    }

    @Test
    void oneGibPage() {
        map1g(VA, P | RW | US);
        WalkResult r = walk(regs("wp nxe"), VA, AccessType.READ, false);
        assertOk(r);
        // 1 GiB offset = VA bits 29:0 = 0x34567abc
        assertEquals(0x3_7456_7ABCL, r.physicalAddress());
        assertEquals(PageSize.SIZE_1G, r.pageSize());
        assertEquals(2, r.steps().size());
        assertEquals(PagingLevel.PDPT, r.steps().get(1).level());
    }

    @Test
    void fiveLevelWalk() {
        map4k(VA5, P | RW | US);
        WalkResult r = walk(regs("wp nxe la57"), VA5, AccessType.READ, true);
        assertOk(r);
        assertEquals(0x2_3456_7ABCL, r.physicalAddress());
        assertEquals(5, r.steps().size());
        assertEquals(new WalkStep(PagingLevel.PML5, 0x10_0558L, PML4_BASE | TBL), r.steps().get(0));
    }

    @Test
    void fiveLevelTwoMibAndOneGib() {
        map2m(VA5, P | RW);
        assertEquals(0x2_3476_7ABCL, walk(regs("wp nxe la57"), VA5, AccessType.READ, false).physicalAddress());
        map1g(VA5, P | RW);
        WalkResult r = walk(regs("wp nxe la57"), VA5, AccessType.READ, false);
        assertEquals(0x3_7456_7ABCL, r.physicalAddress());
        assertEquals(3, r.steps().size());
    }

    @Test
    void fourLevelIgnoresPml5() {
        // Without LA57 CR3 points at the PML4; a PML5 table elsewhere is never read.
        map4k(VA, P | RW | US);
        walk(regs("wp nxe"), VA, AccessType.READ, true);
        assertFalse(rec.reads.contains(addr(PML5_BASE, PagingLevel.PML5, VA)));
        assertEquals(4, rec.reads.size());
    }

    @Test
    void pcidAndCr3BitsAboveMaxPhysAddrAreIgnored() {
        map4k(VA, P | RW | US);
        ControlRegisters cr = regs("wp nxe").withCr3(PML4_BASE | (1L << 50) | (1L << 46) | 0x123)
                .withCr4(true, false, true, false, false, false);
        WalkResult r = walk(cr, VA, AccessType.READ, true);
        assertOk(r);
        assertEquals(0x11_07F0L, r.steps().get(0).entryAddress());
    }

    @Test
    void largePagePatBitIsNotPartOfTheAddress() {
        map2m(VA, P | RW | PageTableEntry.PAT_LARGE);
        assertEquals(0x2_3476_7ABCL, walk(regs("wp nxe"), VA, AccessType.READ, false).physicalAddress());
        map1g(VA, P | RW | PageTableEntry.PAT_LARGE);
        assertEquals(0x3_7456_7ABCL, walk(regs("wp nxe"), VA, AccessType.READ, false).physicalAddress());
    }

    @Test
    void bit7InPteIsPatNotPageSize() {
        map4k(VA, P | RW | PageTableEntry.PAT_4K);
        WalkResult r = walk(regs("wp nxe"), VA, AccessType.READ, false);
        assertEquals(PageSize.SIZE_4K, r.pageSize());
        assertEquals(0x2_3456_7ABCL, r.physicalAddress());
    }

    @Test
    void softwareAndKeyBitsAreIgnoredAtEveryLevel() {
        long ignored = 0xE00L | (0x7FL << 52) | (0xFL << 59); // bits 11:9, 58:52, 62:59
        map4k(VA, P | RW | US | ignored);
        for (PagingLevel l : new PagingLevel[] {PagingLevel.PML4, PagingLevel.PDPT, PagingLevel.PD}) {
            orEntry(l, VA, ignored);
        }
        WalkResult r = walk(regs("wp nxe smep smap"), VA, AccessType.WRITE, true);
        assertOk(r);
        assertEquals(0x2_3456_7ABCL, r.physicalAddress());
        assertEquals(15, r.protectionKey());
    }

    @Test
    void nonLeafPdeMayHaveBits20To13Set() {
        // Without PS those bits are part of the page-table address, not reserved.
        long pt2 = 0x15_E000L;
        map4k(VA, P | RW);
        put(PD_BASE, PagingLevel.PD, VA, pt2 | TBL);
        put(pt2, PagingLevel.PT, VA, 0x7_7777_7000L | P);
        WalkResult r = walk(regs("wp nxe"), VA, AccessType.READ, false);
        assertOk(r);
        assertEquals(0x7_7777_7ABCL, r.physicalAddress());
        assertEquals(0x15_EB38L, r.steps().get(3).entryAddress());
    }

    @Test
    void maxPhysAddr52UsesBit51() {
        walker = new PageWalker(52);
        map4k(VA, P | RW | (1L << 51));
        WalkResult r = walk(regs("wp nxe"), VA, AccessType.READ, false);
        assertOk(r);
        assertEquals((1L << 51) | 0x2_3456_7ABCL, r.physicalAddress());
    }

    @Test
    void maxPhysAddr36() {
        walker = new PageWalker(36);
        map4k(VA, P | RW | (1L << 35));
        assertEquals(0x8_0000_0000L | 0x2_3456_7ABCL,
                walk(regs("wp nxe"), VA, AccessType.READ, false).physicalAddress());
        orEntry(PagingLevel.PT, VA, 1L << 36);
        WalkResult r = walk(regs("wp nxe"), VA, AccessType.READ, false);
        assertEquals(EC_P | EC_RSVD, ec(r));
        assertEquals(PagingLevel.PT, r.fault().level());
    }

    @Test
    void globalComesFromLeafOnly() {
        map4k(VA, P | RW | G);
        assertTrue(walk(regs("wp nxe"), VA, AccessType.READ, false).global());
        map4k(VA, P | RW);
        orEntry(PagingLevel.PD, VA, G);
        assertFalse(walk(regs("wp nxe"), VA, AccessType.READ, false).global());
        map2m(VA, P | RW | G);
        assertTrue(walk(regs("wp nxe"), VA, AccessType.READ, false).global());
    }

    @Test
    void protectionKeyIsReportedRawFromLeaf() {
        map4k(VA, P | RW | (9L << 59)); // supervisor page, PKE off: still reported
        orEntry(PagingLevel.PD, VA, 3L << 59);
        assertEquals(9, walk(regs("wp nxe"), VA, AccessType.READ, false).protectionKey());
    }

    // ---------------------------------------------------------------- canonical addresses

    @ParameterizedTest
    @ValueSource(longs = {0x0000_8000_0000_0000L, 0xFFFF_7FFF_FFFF_FFFFL, 0x00AB_7F12_3456_7ABCL,
            0x8000_0000_0000_0000L, 0x0001_0000_0000_0000L})
    void nonCanonicalFourLevel(long va) {
        WalkResult r = walk(regs("wp nxe"), va, AccessType.WRITE, true);
        assertEquals(PageFault.Kind.NON_CANONICAL, r.fault().kind());
        assertEquals(0, r.fault().errorCode());
        assertNull(r.fault().level());
        assertEquals(List.of(), r.steps());
        assertEquals(-1, r.physicalAddress());
        assertEquals(-1, r.terminalPhysicalAddress());
        assertEquals(List.of(), rec.reads);
        assertEquals(List.of(), rec.writes);
        assertFalse(r.fault().isTerminal());
    }

    @ParameterizedTest
    @ValueSource(longs = {0x0100_0000_0000_0000L, 0xFEFF_FFFF_FFFF_FFFFL, 0x7FFF_FFFF_FFFF_FFFFL})
    void nonCanonicalFiveLevel(long va) {
        WalkResult r = walk(regs("wp nxe la57"), va, AccessType.READ, false);
        assertEquals(PageFault.Kind.NON_CANONICAL, r.fault().kind());
        assertEquals(0, r.fault().errorCode());
        assertEquals(List.of(), rec.reads);
    }

    @Test
    void highHalfAddressesAreCanonical() {
        long kernel4 = 0xFFFF_8880_0123_4567L; // bits 63:47 all ones
        map4k(kernel4, P | RW);
        assertOk(walk(regs("wp nxe"), kernel4, AccessType.READ, false));
        long kernel5 = 0xFF11_0000_0123_4567L; // bits 63:56 all ones, PML5 index 0x111
        map4k(kernel5, P | RW);
        WalkResult r = walk(regs("wp nxe la57"), kernel5, AccessType.READ, false);
        assertOk(r);
        assertEquals(PML5_BASE + 8 * 0x111, r.steps().get(0).entryAddress());
        assertEquals(0x2_3456_7567L, r.physicalAddress());
    }

    // ---------------------------------------------------------------- not-present faults

    @ParameterizedTest
    @EnumSource(value = PagingLevel.class, names = {"PML4", "PDPT", "PD", "PT"})
    void notPresentAtEachLevel(PagingLevel level) {
        map4k(VA, P | RW | US);
        andEntry(level, VA, ~P);
        WalkResult r = walk(regs("wp nxe smep smap"), VA, AccessType.WRITE, true);
        assertEquals(PageFault.Kind.PAGE_FAULT, r.fault().kind());
        assertEquals(EC_W | EC_U, r.fault().errorCode());
        assertEquals(level, r.fault().level());
        assertEquals(level.ordinal(), r.steps().size()); // PML4 is ordinal 1: one step
        assertEquals(level, r.steps().get(r.steps().size() - 1).level());
        assertTrue(r.fault().isTerminal());
        assertEquals(-1, r.physicalAddress());
        assertEquals(List.of(), rec.writes, "a faulting walk writes nothing");
    }

    @Test
    void notPresentPml5() {
        WalkResult r = walk(regs("wp nxe la57"), VA5, AccessType.READ, false);
        assertEquals(0, ec(r));
        assertEquals(PagingLevel.PML5, r.fault().level());
        assertEquals(1, r.steps().size());
        assertEquals(0xABC, r.terminalPhysicalAddress()); // the entry is 0: frame bits 0
    }

    @Test
    void notPresentErrorCodeForSupervisorRead() {
        map4k(VA, 0);
        assertEquals(0, ec(walk(regs("wp nxe"), VA, AccessType.READ, false)));
    }

    @Test
    void instructionFetchFlagNeedsNxeOrSmep() {
        map4k(VA, 0);
        assertEquals(EC_ID | EC_U, ec(walk(regs("wp nxe"), VA, AccessType.FETCH, true)));
        assertEquals(EC_U, ec(walk(regs("wp"), VA, AccessType.FETCH, true)));
        assertEquals(EC_ID | EC_U, ec(walk(regs("wp smep"), VA, AccessType.FETCH, true)));
        assertEquals(EC_ID, ec(walk(regs("wp smep"), VA, AccessType.FETCH, false)));
        assertEquals(0, ec(walk(regs("wp smep nxe"), VA, AccessType.READ, false)));
    }

    @Test
    void reservedBitsAreNotCheckedInNotPresentEntries() {
        map4k(VA, XD | (1L << 50) | RW);
        WalkResult r = walk(regs("wp"), VA, AccessType.READ, false); // NXE=0 would make XD reserved
        assertEquals(0, ec(r));
        assertEquals(PagingLevel.PT, r.fault().level());
    }

    // ---------------------------------------------------------------- terminal physical address

    @Test
    void terminalAddressOfNotPresentPteUsesUnmaskedFrameBits() {
        // An inverted (L1TF-mitigated) swap PTE: frame bits above MAXPHYADDR, key and XD set, P=0.
        long pte = XD | (5L << 59) | 0x000F_FFFD_CBA9_8000L | RW;
        map4k(VA, 0);
        put(PT_BASE, PagingLevel.PT, VA, pte);
        WalkResult r = walk(regs("wp nxe"), VA, AccessType.READ, false);
        assertEquals(0x000F_FFFD_CBA9_8ABCL, r.terminalPhysicalAddress());
    }

    @Test
    void terminalAddressOfNotPresentUpperEntryUsesItsFrameAndPageOffset() {
        map4k(VA, P | RW);
        put(PD_BASE, PagingLevel.PD, VA, 0x1234_5678_9000L); // P=0 PDE
        WalkResult r = walk(regs("wp nxe"), VA, AccessType.READ, false);
        assertEquals(PagingLevel.PD, r.fault().level());
        assertEquals(0x1234_5678_9ABCL, r.terminalPhysicalAddress());
    }

    @Test
    void terminalAddressOfReservedBitFault() {
        map4k(VA, P | RW | (1L << 47));
        WalkResult r = walk(regs("wp nxe"), VA, AccessType.READ, false);
        assertEquals(EC_P | EC_RSVD, ec(r));
        assertTrue(r.fault().isTerminal());
        assertEquals((1L << 47) | 0x2_3456_7ABCL, r.terminalPhysicalAddress());
    }

    @Test
    void terminalAddressOfReservedLargePdeKeepsItsLowFrameBits() {
        // A 2 MiB PDE with reserved bit 13: the terminal address is frame bits 51:12 | VA bits 11:0.
        map2m(VA, P | RW | (1L << 13));
        WalkResult r = walk(regs("wp nxe"), VA, AccessType.READ, false);
        assertEquals(EC_P | EC_RSVD, ec(r));
        assertEquals(0x2_3460_2ABCL, r.terminalPhysicalAddress());
    }

    // ---------------------------------------------------------------- reserved bits

    @ParameterizedTest
    @EnumSource(value = PagingLevel.class, names = {"PML4", "PDPT", "PD", "PT"})
    void physicalAddressBitAtMaxPhysAddrIsReserved(PagingLevel level) {
        map4k(VA, P | RW | US);
        orEntry(level, VA, 1L << 46);
        WalkResult r = walk(regs("wp nxe"), VA, AccessType.WRITE, true);
        assertEquals(EC_P | EC_RSVD | EC_W | EC_U, ec(r));
        assertEquals(level, r.fault().level());
        assertEquals(level.ordinal(), r.steps().size());
        assertEquals(List.of(), rec.writes);
    }

    @Test
    void physicalAddressBit51IsReservedBelowMaxPhysAddr52() {
        map4k(VA, P | RW | (1L << 51));
        assertEquals(EC_P | EC_RSVD, ec(walk(regs("wp nxe"), VA, AccessType.READ, false)));
    }

    @Test
    void reservedInPml5() {
        map4k(VA5, P | RW);
        put(PML5_BASE, PagingLevel.PML5, VA5, PML4_BASE | TBL | (1L << 49));
        WalkResult r = walk(regs("wp nxe la57"), VA5, AccessType.READ, false);
        assertEquals(EC_P | EC_RSVD, ec(r));
        assertEquals(PagingLevel.PML5, r.fault().level());
    }

    @Test
    void pageSizeBitInPml4eIsReserved() {
        map4k(VA, P | RW);
        orEntry(PagingLevel.PML4, VA, PS);
        WalkResult r = walk(regs("wp nxe"), VA, AccessType.READ, false);
        assertEquals(EC_P | EC_RSVD, ec(r));
        assertEquals(PagingLevel.PML4, r.fault().level());
        assertEquals(1, r.steps().size());
        assertEquals(PDPT_BASE | 0xABC, r.terminalPhysicalAddress());
    }

    @Test
    void pageSizeBitInPml5eIsReserved() {
        map4k(VA5, P | RW);
        orEntry(PagingLevel.PML5, VA5, PS);
        WalkResult r = walk(regs("wp nxe la57"), VA5, AccessType.FETCH, false);
        assertEquals(EC_P | EC_RSVD | EC_ID, ec(r));
        assertEquals(PagingLevel.PML5, r.fault().level());
    }

    @ParameterizedTest
    @EnumSource(value = PagingLevel.class, names = {"PML4", "PDPT", "PD", "PT"})
    void executeDisableIsReservedWithoutNxe(PagingLevel level) {
        map4k(VA, P | RW | US);
        orEntry(level, VA, XD);
        WalkResult r = walk(regs("wp"), VA, AccessType.READ, true);
        assertEquals(EC_P | EC_RSVD | EC_U, ec(r));
        assertEquals(level, r.fault().level());
        // With NXE the same tables translate for a data read.
        assertOk(walk(regs("wp nxe"), VA, AccessType.READ, true));
    }

    @ParameterizedTest
    @ValueSource(ints = {13, 16, 20})
    void twoMibPdeBits20To13AreReserved(int bit) {
        map2m(VA, P | RW);
        orEntry(PagingLevel.PD, VA, 1L << bit);
        WalkResult r = walk(regs("wp nxe"), VA, AccessType.READ, false);
        assertEquals(EC_P | EC_RSVD, ec(r));
        assertEquals(PagingLevel.PD, r.fault().level());
    }

    @Test
    void twoMibPdeBitsAbove20AreAddress() {
        map2m(VA, P | RW | (1L << 23)); // FRAME_2M has bit 23 clear
        assertEquals(0x2_34F6_7ABCL, walk(regs("wp nxe"), VA, AccessType.READ, false).physicalAddress());
    }

    @ParameterizedTest
    @ValueSource(ints = {13, 21, 29})
    void oneGibPdpteBits29To13AreReserved(int bit) {
        map1g(VA, P | RW);
        orEntry(PagingLevel.PDPT, VA, 1L << bit);
        WalkResult r = walk(regs("wp nxe"), VA, AccessType.READ, false);
        assertEquals(EC_P | EC_RSVD, ec(r));
        assertEquals(PagingLevel.PDPT, r.fault().level());
        assertEquals(2, r.steps().size());
    }

    @Test
    void reservedBitErrorCodeCarriesAccessBits() {
        map4k(VA, P | RW | US | (1L << 48));
        assertEquals(EC_P | EC_RSVD | EC_U | EC_ID, ec(walk(regs("wp nxe"), VA, AccessType.FETCH, true)));
        assertEquals(EC_P | EC_RSVD | EC_W, ec(walk(regs("wp nxe"), VA, AccessType.WRITE, false)));
    }

    @Test
    void reservedFaultWinsOverPermissionsAndKeys() {
        // Supervisor page, read-only, AD for its key, and a reserved bit: the walk never gets to rights.
        map4k(VA, P | (1L << 59) | (1L << 50)); // key 1
        ControlRegisters cr = regs("wp nxe pke").withPkru(0b1100);
        assertEquals(EC_P | EC_RSVD | EC_W | EC_U, ec(walk(cr, VA, AccessType.WRITE, true)));
    }

    @Test
    void protectionKeyBitsAreNotReservedWithPkeOff() {
        map4k(VA, P | RW | US | (0xFL << 59));
        assertOk(walk(regs("wp nxe"), VA, AccessType.READ, true));
    }

    // ---------------------------------------------------------------- user-mode access rights

    @Test
    void userAccessToSupervisorPageFaults() {
        map4k(VA, P | RW);
        assertPermissionFault(EC_P | EC_U, walk(regs("wp nxe"), VA, AccessType.READ, true));
        assertPermissionFault(EC_P | EC_U | EC_W, walk(regs("wp nxe"), VA, AccessType.WRITE, true));
        assertPermissionFault(EC_P | EC_U | EC_ID, walk(regs("wp nxe"), VA, AccessType.FETCH, true));
        assertPermissionFault(EC_P | EC_U, walk(regs("wp"), VA, AccessType.FETCH, true));
        assertEquals(List.of(), rec.writes);
    }

    @ParameterizedTest
    @EnumSource(value = PagingLevel.class, names = {"PML4", "PDPT", "PD"})
    void userSupervisorIsAndedOverLevels(PagingLevel level) {
        map4k(VA, P | RW | US);
        andEntry(level, VA, ~US);
        WalkResult r = walk(regs("wp nxe"), VA, AccessType.READ, true);
        assertPermissionFault(EC_P | EC_U, r);
        assertFalse(r.user());
        assertEquals(4, r.steps().size());
    }

    @ParameterizedTest
    @EnumSource(value = PagingLevel.class, names = {"PML4", "PDPT", "PD", "PT"})
    void readWriteIsAndedOverLevels(PagingLevel level) {
        map4k(VA, P | RW | US);
        andEntry(level, VA, ~RW);
        WalkResult r = walk(regs("wp nxe"), VA, AccessType.WRITE, true);
        assertPermissionFault(EC_P | EC_W | EC_U, r);
        assertFalse(r.writable());
        assertTrue(r.user());
        assertOk(walk(regs("wp nxe"), VA, AccessType.READ, true));
    }

    @Test
    void userWriteToReadOnlyFaultsEvenWithoutWp() {
        map4k(VA, P | US);
        assertPermissionFault(EC_P | EC_W | EC_U, walk(regs("nxe"), VA, AccessType.WRITE, true));
    }

    @Test
    void userAccessesToUserPageSucceedRegardlessOfSmepSmap() {
        map4k(VA, P | RW | US);
        ControlRegisters cr = regs("wp nxe smep smap");
        assertOk(walk(cr, VA, AccessType.READ, true));
        assertOk(walk(cr, VA, AccessType.WRITE, true));
        assertOk(walk(cr, VA, AccessType.FETCH, true));
    }

    // ---------------------------------------------------------------- execute-disable

    @ParameterizedTest
    @EnumSource(value = PagingLevel.class, names = {"PML4", "PDPT", "PD", "PT"})
    void executeDisableIsOredOverLevels(PagingLevel level) {
        map4k(VA, P | RW | US);
        orEntry(level, VA, XD);
        WalkResult r = walk(regs("wp nxe"), VA, AccessType.FETCH, true);
        assertPermissionFault(EC_P | EC_U | EC_ID, r);
        assertFalse(r.executable());
        assertOk(walk(regs("wp nxe"), VA, AccessType.READ, true));
    }

    @Test
    void supervisorFetchFromExecuteDisablePageFaults() {
        map4k(VA, P | RW | XD);
        assertPermissionFault(EC_P | EC_ID, walk(regs("wp nxe"), VA, AccessType.FETCH, false));
    }

    @Test
    void withoutNxeEverythingIsExecutable() {
        map4k(VA, P | RW | US);
        WalkResult r = walk(regs("wp"), VA, AccessType.FETCH, true);
        assertOk(r);
        assertTrue(r.executable());
        assertOk(walk(regs("wp"), VA, AccessType.FETCH, false));
    }

    @Test
    void executableReflectsXdOnlyWithNxe() {
        map2m(VA, P | RW | XD);
        WalkResult r = walk(regs("wp nxe"), VA, AccessType.READ, false);
        assertOk(r);
        assertFalse(r.executable());
        assertTrue(r.writable());
        assertFalse(r.user());
    }

    // ---------------------------------------------------------------- CR0.WP

    @Test
    void supervisorWriteToReadOnlySupervisorPage() {
        map4k(VA, P);
        assertPermissionFault(EC_P | EC_W, walk(regs("wp nxe"), VA, AccessType.WRITE, false));
        assertOk(walk(regs("nxe"), VA, AccessType.WRITE, false));
    }

    @Test
    void supervisorWriteToReadOnlyUserPage() {
        map4k(VA, P | US);
        assertPermissionFault(EC_P | EC_W, walk(regs("wp nxe"), VA, AccessType.WRITE, false));
        assertOk(walk(regs("nxe"), VA, AccessType.WRITE, false));
        // SMAP still applies with WP=0 ...
        assertPermissionFault(EC_P | EC_W, walk(regs("nxe smap"), VA, AccessType.WRITE, false));
        // ... unless RFLAGS.AC=1.
        assertOk(walk(regs("nxe smap ac"), VA, AccessType.WRITE, false));
        // With WP=1 and AC=1 the read-only bit decides again.
        assertPermissionFault(EC_P | EC_W, walk(regs("wp nxe smap ac"), VA, AccessType.WRITE, false));
    }

    // ---------------------------------------------------------------- SMAP

    @Test
    void smapBlocksSupervisorReadOfUserPageUnlessAc() {
        map4k(VA, P | RW | US);
        assertPermissionFault(EC_P, walk(regs("wp nxe smap"), VA, AccessType.READ, false));
        assertOk(walk(regs("wp nxe smap ac"), VA, AccessType.READ, false));
        assertOk(walk(regs("wp nxe"), VA, AccessType.READ, false));
        assertOk(walk(regs("wp nxe ac"), VA, AccessType.READ, false));
    }

    @Test
    void smapBlocksSupervisorWriteOfWritableUserPageUnlessAc() {
        map4k(VA, P | RW | US);
        assertPermissionFault(EC_P | EC_W, walk(regs("wp nxe smap"), VA, AccessType.WRITE, false));
        assertOk(walk(regs("wp nxe smap ac"), VA, AccessType.WRITE, false));
    }

    @Test
    void smapIgnoresSupervisorPagesAndFetches() {
        map4k(VA, P | RW | US);
        andEntry(PagingLevel.PDPT, VA, ~US); // effective U/S = 0
        assertOk(walk(regs("wp nxe smap"), VA, AccessType.READ, false));
        map4k(VA, P | RW | US);
        assertOk(walk(regs("wp nxe smap"), VA, AccessType.FETCH, false));
    }

    // ---------------------------------------------------------------- SMEP

    @Test
    void smepBlocksSupervisorFetchFromUserPage() {
        map4k(VA, P | RW | US);
        assertPermissionFault(EC_P | EC_ID, walk(regs("wp nxe smep"), VA, AccessType.FETCH, false));
        // I/D is reported through SMEP even with NXE=0.
        assertPermissionFault(EC_P | EC_ID, walk(regs("wp smep"), VA, AccessType.FETCH, false));
        assertOk(walk(regs("wp nxe"), VA, AccessType.FETCH, false));
        // SMEP does not restrict data accesses.
        assertOk(walk(regs("wp nxe smep"), VA, AccessType.READ, false));
        assertOk(walk(regs("wp nxe smep"), VA, AccessType.WRITE, false));
    }

    @Test
    void smepAllowsFetchWhenAnyLevelIsSupervisor() {
        map4k(VA, P | RW | US);
        andEntry(PagingLevel.PML4, VA, ~US);
        assertOk(walk(regs("wp nxe smep smap"), VA, AccessType.FETCH, false));
    }

    // ---------------------------------------------------------------- protection keys

    static final long KEY5 = 5L << 59;
    static final int AD5 = 1 << 10;
    static final int WD5 = 1 << 11;

    @Test
    void accessDisableBlocksAllDataAccesses() {
        map4k(VA, P | RW | US | KEY5);
        ControlRegisters cr = regs("wp nxe pke").withPkru(AD5);
        assertPermissionFault(EC_P | EC_U | EC_PK, walk(cr, VA, AccessType.READ, true));
        assertPermissionFault(EC_P | EC_U | EC_W | EC_PK, walk(cr, VA, AccessType.WRITE, true));
        assertPermissionFault(EC_P | EC_PK, walk(cr, VA, AccessType.READ, false));
        assertPermissionFault(EC_P | EC_W | EC_PK, walk(regs("nxe pke").withPkru(AD5), VA, AccessType.WRITE,
                false));
        // RFLAGS.AC lifts SMAP but not the key.
        assertPermissionFault(EC_P | EC_PK, walk(regs("wp nxe smap ac pke").withPkru(AD5), VA, AccessType.READ,
                false));
        assertEquals(List.of(), rec.writes);
    }

    @Test
    void writeDisableBlocksUserWritesAndSupervisorWritesOnlyWithWp() {
        map4k(VA, P | RW | US | KEY5);
        ControlRegisters wp = regs("wp nxe pke").withPkru(WD5);
        assertOk(walk(wp, VA, AccessType.READ, true));
        assertPermissionFault(EC_P | EC_U | EC_W | EC_PK, walk(wp, VA, AccessType.WRITE, true));
        assertPermissionFault(EC_P | EC_W | EC_PK, walk(wp, VA, AccessType.WRITE, false));
        ControlRegisters noWp = regs("nxe pke").withPkru(WD5);
        assertOk(walk(noWp, VA, AccessType.WRITE, false));
        assertPermissionFault(EC_P | EC_U | EC_W | EC_PK, walk(noWp, VA, AccessType.WRITE, true));
    }

    @Test
    void keysDoNotApplyToFetches() {
        map4k(VA, P | RW | US | KEY5);
        ControlRegisters cr = regs("wp nxe pke").withPkru(AD5 | WD5);
        assertOk(walk(cr, VA, AccessType.FETCH, true));
        assertOk(walk(regs("wp nxe pke").withPkru(AD5 | WD5), VA, AccessType.FETCH, false));
    }

    @Test
    void keysDoNotApplyToSupervisorPages() {
        map4k(VA, P | RW | US | KEY5);
        andEntry(PagingLevel.PD, VA, ~US);
        ControlRegisters cr = regs("wp nxe pke").withPkru(AD5 | WD5);
        assertOk(walk(cr, VA, AccessType.WRITE, false));
        // A user access to it faults for U/S, without PK.
        assertPermissionFault(EC_P | EC_U, walk(cr, VA, AccessType.READ, true));
    }

    @Test
    void keysAreIgnoredWithPkeOff() {
        map4k(VA, P | RW | US | KEY5);
        ControlRegisters cr = regs("wp nxe").withPkru(AD5 | WD5);
        assertOk(walk(cr, VA, AccessType.WRITE, true));
    }

    @Test
    void onlyTheLeafKeyCounts() {
        map4k(VA, P | RW | US | KEY5);
        orEntry(PagingLevel.PD, VA, 3L << 59);
        ControlRegisters cr = regs("wp nxe pke").withPkru(0b11 << 6 | 0b11 << 8 | 0b11 << 12); // keys 3, 4, 6
        WalkResult r = walk(cr, VA, AccessType.WRITE, true);
        assertOk(r);
        assertEquals(5, r.protectionKey());
    }

    @Test
    void keyFifteenUsesPkruBits31And30() {
        map2m(VA, P | RW | US | (15L << 59));
        assertPermissionFault(EC_P | EC_U | EC_PK,
                walk(regs("wp nxe pke").withPkru(1 << 30), VA, AccessType.READ, true));
        assertPermissionFault(EC_P | EC_U | EC_W | EC_PK,
                walk(regs("wp nxe pke").withPkru(1 << 31), VA, AccessType.WRITE, true));
        assertOk(walk(regs("wp nxe pke").withPkru(1 << 31), VA, AccessType.READ, true));
    }

    @Test
    void keyFlagIsSetAlongsideOtherViolations() {
        // User write to a read-only user page whose key is write-disabled: both rules deny it.
        map4k(VA, P | US | KEY5);
        assertPermissionFault(EC_P | EC_U | EC_W | EC_PK,
                walk(regs("wp nxe pke").withPkru(WD5), VA, AccessType.WRITE, true));
        // Supervisor read of a user page blocked by SMAP and by AD.
        assertPermissionFault(EC_P | EC_PK,
                walk(regs("wp nxe smap pke").withPkru(AD5), VA, AccessType.READ, false));
        // Blocked by SMAP only: no PK.
        assertPermissionFault(EC_P, walk(regs("wp nxe smap pke").withPkru(WD5), VA, AccessType.READ, false));
    }

    @Test
    void notPresentFaultNeverSetsPk() {
        map4k(VA, RW | US | KEY5); // P=0
        assertEquals(EC_U, ec(walk(regs("wp nxe pke").withPkru(AD5), VA, AccessType.READ, true)));
    }

    // ---------------------------------------------------------------- accessed and dirty flags

    @Test
    void readSetsAccessedAtEveryLevel() {
        map4k(VA, P | RW | US);
        WalkResult r = walk(regs("wp nxe"), VA, AccessType.READ, true);
        assertOk(r);
        assertEquals(List.of(
                new WalkResult.EntryUpdate(0x11_07F0L, PDPT_BASE | TBL | A),
                new WalkResult.EntryUpdate(0x12_0240L, PD_BASE | TBL | A),
                new WalkResult.EntryUpdate(0x13_0D10L, PT_BASE | TBL | A),
                new WalkResult.EntryUpdate(0x14_0B38L, FRAME_4K | P | RW | US | A)), r.updates());
        assertEquals(FRAME_4K | P | RW | US | A, mem.readQword(0x14_0B38L));
        assertEquals(PDPT_BASE | TBL | A, mem.readQword(0x11_07F0L));
        assertEquals(List.of(0x11_07F0L, 0x12_0240L, 0x13_0D10L, 0x14_0B38L), rec.writes);
        // Steps keep the values as read.
        assertEquals(FRAME_4K | P | RW | US, r.steps().get(3).entry());
        assertFalse(r.dirty());
    }

    @Test
    void writeSetsDirtyInLeafOnly() {
        map4k(VA, P | RW | US);
        WalkResult r = walk(regs("wp nxe"), VA, AccessType.WRITE, true);
        assertOk(r);
        assertTrue(r.dirty());
        assertEquals(FRAME_4K | P | RW | US | A | D, mem.readQword(0x14_0B38L));
        assertEquals(PT_BASE | TBL | A, mem.readQword(0x13_0D10L));
        assertEquals(new WalkResult.EntryUpdate(0x14_0B38L, FRAME_4K | P | RW | US | A | D), r.updates().get(3));
    }

    @Test
    void largePageLeafGetsDirty() {
        map2m(VA, P | RW);
        WalkResult r = walk(regs("wp nxe"), VA, AccessType.WRITE, false);
        assertTrue(r.dirty());
        assertEquals(FRAME_2M | PS | P | RW | A | D, mem.readQword(0x13_0D10L));
        assertEquals(3, r.updates().size());
        map1g(VA, P | RW);
        walk(regs("wp nxe"), VA, AccessType.WRITE, false);
        assertEquals(FRAME_1G | PS | P | RW | A | D, mem.readQword(0x12_0240L));
    }

    @Test
    void fiveLevelSetsAccessedInPml5e() {
        map4k(VA5, P | RW);
        WalkResult r = walk(regs("wp nxe la57"), VA5, AccessType.READ, false);
        assertEquals(5, r.updates().size());
        assertEquals(PML4_BASE | TBL | A, mem.readQword(0x10_0558L));
    }

    @Test
    void onlyEntriesLackingTheBitsAreWritten() {
        map4k(VA, P | RW | US);
        orEntry(PagingLevel.PML4, VA, A);
        orEntry(PagingLevel.PDPT, VA, A);
        orEntry(PagingLevel.PD, VA, A);
        WalkResult r = walk(regs("wp nxe"), VA, AccessType.READ, true);
        assertEquals(List.of(new WalkResult.EntryUpdate(0x14_0B38L, FRAME_4K | P | RW | US | A)), r.updates());
        assertEquals(List.of(0x14_0B38L), rec.writes);
    }

    @Test
    void nothingWrittenWhenBitsAlreadySet() {
        map4k(VA, P | RW | US | A | D);
        for (PagingLevel l : new PagingLevel[] {PagingLevel.PML4, PagingLevel.PDPT, PagingLevel.PD}) {
            orEntry(l, VA, A);
        }
        WalkResult r = walk(regs("wp nxe"), VA, AccessType.WRITE, true);
        assertOk(r);
        assertTrue(r.dirty());
        assertEquals(List.of(), r.updates());
        assertEquals(List.of(), rec.writes);
    }

    @Test
    void readOfDirtyPageReportsDirty() {
        map4k(VA, P | RW | D);
        assertTrue(walk(regs("wp nxe"), VA, AccessType.READ, false).dirty());
    }

    @Test
    void inspectionNeverWrites() {
        map4k(VA, P | RW | US);
        WalkResult r = walker.walk(regs("wp nxe"), VA, AccessType.WRITE, true, rec, false);
        assertOk(r);
        assertEquals(List.of(), rec.writes);
        assertEquals(List.of(), r.updates());
        assertFalse(r.dirty(), "D as in memory after the walk: unchanged");
        assertEquals(FRAME_4K | P | RW | US, mem.readQword(0x14_0B38L));
    }

    @Test
    void faultingWalksNeverWrite() {
        map4k(VA, P | RW); // supervisor page
        walk(regs("wp nxe"), VA, AccessType.WRITE, true); // permission fault
        orEntry(PagingLevel.PT, VA, 1L << 47);
        walk(regs("wp nxe"), VA, AccessType.WRITE, false); // reserved bit
        andEntry(PagingLevel.PT, VA, ~P);
        walk(regs("wp nxe"), VA, AccessType.WRITE, false); // not present
        assertEquals(List.of(), rec.writes);
        assertEquals(PDPT_BASE | TBL, get(PML4_BASE, PagingLevel.PML4, VA));
    }

    @Test
    void selfReferencingEntryIsUpdatedOnceWithUnionOfBits() {
        // PML4[0xab] points at the PML4 itself; a VA whose four indices are all 0xab uses that one entry
        // as PML4E, PDPTE, PDE and PTE, so it maps the PML4 frame.
        long va = (0xABL << 39) | (0xABL << 30) | (0xABL << 21) | (0xABL << 12) | 0x18;
        long entryAddr = PML4_BASE + 8 * 0xAB;
        mem.writeQword(entryAddr, PML4_BASE | P | RW);
        WalkResult r = walk(regs("wp nxe"), va, AccessType.WRITE, false);
        assertOk(r);
        assertEquals(PML4_BASE + 0x18, r.physicalAddress());
        assertEquals(4, r.steps().size());
        assertEquals(List.of(new WalkResult.EntryUpdate(entryAddr, PML4_BASE | P | RW | A | D)), r.updates());
        assertEquals(List.of(entryAddr), rec.writes);
    }
}
