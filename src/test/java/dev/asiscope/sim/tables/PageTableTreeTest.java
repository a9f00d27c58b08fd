package dev.asiscope.sim.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.scenario.ScenarioException;
import dev.asiscope.scenario.ScenarioLoader;
import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.mem.FrameAllocator;
import dev.asiscope.sim.kernel.HostLayout;
import dev.asiscope.sim.kernel.LargePageLayoutTest;
import dev.asiscope.sim.paging.PageTableBuilder;
import dev.asiscope.sim.kernel.PlacedRegion;
import dev.asiscope.sim.mem.OffsetMemory;
import dev.asiscope.sim.mem.PhysicalMemory;
import dev.asiscope.sim.mem.QwordMemory;
import dev.asiscope.sim.paging.AccessType;
import dev.asiscope.sim.paging.ControlRegisters;
import dev.asiscope.sim.paging.PageSize;
import dev.asiscope.sim.paging.PageTableEntry;
import dev.asiscope.sim.paging.PageWalker;
import dev.asiscope.sim.paging.PagingLevel;
import dev.asiscope.sim.paging.WalkResult;
import dev.asiscope.sim.vmx.Ept;
import dev.asiscope.sim.vmx.GuestLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The trees read back from memory agree with the walker, show sharing, and decode entries as the SDM. */
class PageTableTreeTest {

    /** Every leaf of every table of every sample translates, by the walker or EPT, to what the tree says. */
    @TestFactory
    Stream<DynamicTest> everyLeafOfEverySampleAgreesWithTheWalker() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("sample-traces"))) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            LoadedScenario s = ScenarioLoader.load(f);
            Machine m = new Machine(s.spec(), s.policy(), null);
            m.runUntil(20_000); // tables as a run leaves them: A/D flags set, attack PTEs written
            checkAgainstWalker(m);
        }));
    }

    @Test
    void largePageLeavesAgreeWithTheWalker() throws ScenarioException {
        Machine m = LargePageLayoutTest.machine();
        TableSet set = checkAgainstWalker(m);
        PageTableTree full = set.tree("full");
        assertTrue(full.leafCount(PageSize.SIZE_2M) >= 3, "percpu and page-cache 2 MiB pages");
        assertEquals(1, full.leafCount(PageSize.SIZE_1G));
        assertEquals(1, set.tree("restricted:vm1").leafCount(PageSize.SIZE_1G));
        PagingStructure pdpt = full.structureAt(PagingLevel.PDPT, m.layout().region("big-heap").virtualBase());
        TableEntry e = full.entry(pdpt, PagingLevel.PDPT.indexOf(m.layout().region("big-heap").virtualBase()));
        assertEquals(EntryKind.LEAF, e.kind());
        assertEquals(PageSize.SIZE_1G, e.pageSize());
        assertTrue(e.flags().contains("PS"), e.flags().toString());
        assertEquals(m.layout().region("big-heap").physicalBase(), e.target());
    }

    private static TableSet checkAgainstWalker(Machine m) {
        TableSet set = MachineTables.read(m);
        PageWalker walker = m.walker();
        long[] checked = {0};
        for (PageTableTree t : set.trees()) {
            AddressSpace sp = t.space();
            QwordMemory mem = sp.domain().startsWith("guest")
                    ? new OffsetMemory(m.memory(), m.layout().guest(Integer.parseInt(sp.name().substring(8))).hostBase())
                    : m.memory();
            t.forEachLeaf((s, i, va, size, pa, rights) -> {
                long probe = va + size.bytes() - 8; // the page's last qword: the whole page is covered
                if (sp.format() == EntryFormat.EPT) {
                    assertEquals(pa + size.bytes() - 8, Ept.translate(mem, sp.root(), probe, rights & 7),
                            sp.name() + " gpa 0x" + Long.toHexString(probe));
                } else {
                    ControlRegisters cr = ControlRegisters.linuxDefaults(sp.root());
                    WalkResult r = walker.walk(cr, probe, AccessType.READ, false, mem, false);
                    boolean userOk = (rights & PageTableTree.USER) != 0;
                    if (userOk) {
                        // SMAP forbids a supervisor read of a user page; ask as user instead
                        r = walker.walk(cr, probe, AccessType.READ, true, mem, false);
                    }
                    assertFalse(r.faulted(), sp.name() + " va 0x" + Long.toHexString(probe) + ": " + r.fault());
                    assertEquals(pa + size.bytes() - 8, r.physicalAddress(), sp.name());
                    assertEquals(size, r.pageSize());
                    assertEquals((rights & PageTableTree.WRITE) != 0, r.writable(), sp.name() + " R/W");
                    assertEquals(userOk, r.user(), sp.name() + " U/S");
                    assertEquals((rights & PageTableTree.EXECUTE) != 0, r.executable(), sp.name() + " XD");
                }
                checked[0]++;
            });
        }
        assertTrue(checked[0] > 0);
        return set;
    }

    @Test
    void processKernelTableSharesTheDirectMapWithTheFullTable() throws ScenarioException {
        Machine m = machine("""
                { "format": 1, "name": "p", "processes": [ { "id": 1 } ],
                  "programs": [ { "cpu": 0, "tasks": [ { "process": 1, "ops": [ { "op": "syscall", "handler": "getpid" } ] } ] } ] }
                """);
        TableSet set = MachineTables.read(m);
        PageTableTree full = set.tree("full");
        PageTableTree kernel = set.tree("process:p1:kernel");
        long dm = HostLayout.DIRECT_MAP;
        PagingStructure pdpt = full.structureAt(PagingLevel.PDPT, dm);
        assertEquals(pdpt.address(), kernel.structureAt(PagingLevel.PDPT, dm).address());
        assertEquals(List.of("full", "process:p1:kernel"), set.sharers(full, pdpt));
        assertTrue(set.sharedFrames().get(MachineTables.HOST).containsKey(pdpt.address()));
        // The roots are the tables' own.
        assertEquals(List.of("full"), set.sharers(full, full.root()));
        // The KPTI user table maps the user half and the CPU entry area only.
        PageTableTree user = set.tree("process:p1:user");
        long[] kernelLeaves = {0};
        user.forEachLeaf((s, i, va, size, pa, r) -> {
            if (va < 0) {
                kernelLeaves[0]++;
                assertTrue(m.layout().region("cpu-entry-area").containsVirtual(va));
            }
        });
        assertEquals(1, kernelLeaves[0]);
    }

    @Test
    void restrictedTableDiffersFromFullOnlyBelowTheDirectMap() throws ScenarioException {
        Machine m = LargePageLayoutTest.machine();
        TableSet set = MachineTables.read(m);
        PageTableTree full = set.tree("full");
        PageTableTree restricted = set.tree("restricted:vm1");
        TableDiff diff = new TableDiff(restricted, full);
        PagingStructure root = restricted.root();
        int dmIndex = PagingLevel.PML4.indexOf(HostLayout.DIRECT_MAP);
        assertFalse(diff.entryDiffers(root, dmIndex), "same flags, own frames");
        assertTrue(new TableDiff(full, restricted).subtreeDiffers(full.root(), dmIndex),
                "the full table maps sensitive regions below it");
        // the percpu PDE is identical in both
        long percpu = m.layout().region("percpu").virtualBase();
        PagingStructure pd = restricted.structureAt(PagingLevel.PD, percpu);
        assertFalse(diff.entryDiffers(pd, PagingLevel.PD.indexOf(percpu)));
        // page-cache's PDE exists in the full table only
        long cache = m.layout().region("page-cache").virtualBase();
        PagingStructure fullPd = full.structureAt(PagingLevel.PD, cache);
        assertTrue(new TableDiff(full, restricted).entryDiffers(fullPd, PagingLevel.PD.indexOf(cache)));
    }

    @Test
    void l1tfPteIsListedAsNotPresentWithItsFrameBits() throws ScenarioException, IOException {
        LoadedScenario s = ScenarioLoader.load(Path.of("sample-traces/l1tf-guest-unmitigated.json"));
        Machine m = new Machine(s.spec(), s.policy(), null);
        m.runUntil(Long.MAX_VALUE);
        TableSet set = MachineTables.read(m);
        PageTableTree guest = set.tree("guest:vm1");
        PagingStructure pt = guest.structureAt(PagingLevel.PT, GuestLayout.SCRATCH_VA);
        assertNotNull(pt);
        TableEntry e = guest.entry(pt, PagingLevel.PT.indexOf(GuestLayout.SCRATCH_VA));
        assertEquals(EntryKind.NOT_PRESENT, e.kind());
        assertTrue(e.raw() != 0, "the attacker's PTE holds frame bits");
        assertEquals(e.raw() & PageTableEntry.ADDRESS_FIELD, e.target());
        PlacedRegion hit = m.layout().regionAtPhysical(e.target());
        assertNotNull(hit, "the frame bits point at host memory: 0x" + Long.toHexString(e.target()));
    }

    @Test
    void entryBitsUseSdmNames() {
        long pde = 0x0000_0000_0120_0000L | PageTableEntry.P | PageTableEntry.RW | PageTableEntry.A
                | PageTableEntry.D | PageTableEntry.PS | PageTableEntry.G | PageTableEntry.XD;
        assertEquals(List.of("P", "R/W", "A", "D", "PS", "G", "XD"), EntryFormat.X86.setFlags(PagingLevel.PD, pde));
        long pte = 0x1000L | PageTableEntry.P | PageTableEntry.US | PageTableEntry.PAT_4K;
        assertEquals(List.of("P", "U/S", "PAT"), EntryFormat.X86.setFlags(PagingLevel.PT, pte));
        assertEquals(List.of("R", "W", "X", "MT=6"),
                EntryFormat.EPT.setFlags(PagingLevel.PT, 0x5000L | Ept.R | Ept.W | Ept.X | Ept.MEMTYPE_WB));
        EntryBit ps = EntryFormat.X86.fields(PagingLevel.PD, pde).stream().filter(b -> b.name().equals("PS"))
                .findFirst().orElseThrow();
        assertEquals("7", dev.asiscope.scenario.EntryBitText.range(ps));
        assertTrue(dev.asiscope.scenario.EntryBitText.meaning(ps).contains("2 MiB"));
    }

    @Test
    void reservedBitStopsTheTreeLikeTheWalker() {
        PhysicalMemory mem = new PhysicalMemory();
        PageTableBuilder b = new PageTableBuilder(mem, new FrameAllocator(0x10_0000, 0x20_0000));
        long root = b.newRoot();
        b.map(root, 0x40_0000, 0x80_0000, 0x2000, PageTableEntry.RW, false);
        // set bit 45 in the PDE (above a MAXPHYADDR of 40): reserved
        long pdeAddr = 0;
        PageTableTree before = PageTableTree.read(space(root), mem);
        PagingStructure pd = before.structureAt(PagingLevel.PD, 0x40_0000);
        pdeAddr = pd.address() + 8L * PagingLevel.PD.indexOf(0x40_0000);
        mem.writeQword(pdeAddr, mem.readQword(pdeAddr) | (1L << 45));
        PageTableTree after = PageTableTree.read(space(root), mem);
        assertEquals(2, before.leafCount());
        assertEquals(0, after.leafCount());
        PagingStructure pd2 = after.structureAt(PagingLevel.PD, 0x40_0000);
        assertEquals(EntryKind.RESERVED, after.entry(pd2, PagingLevel.PD.indexOf(0x40_0000)).kind());
        WalkResult r = new PageWalker(40).walk(ControlRegisters.linuxDefaults(root), 0x40_0000, AccessType.READ,
                false, mem, false);
        assertTrue(r.faulted());
        assertEquals(PagingLevel.PD, r.fault().level());
    }

    private static AddressSpace space(long root) {
        return new AddressSpace("t", "test", "host-physical", EntryFormat.X86, root, false, 40, true, -1);
    }

    private static Machine machine(String json) throws ScenarioException {
        LoadedScenario s = ScenarioLoader.parse("t.json", json, null);
        return new Machine(s.spec(), s.policy(), null);
    }
}
