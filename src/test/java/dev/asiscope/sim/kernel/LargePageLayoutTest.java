package dev.asiscope.sim.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.scenario.ScenarioException;
import dev.asiscope.scenario.ScenarioLoader;
import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.paging.AccessType;
import dev.asiscope.sim.paging.ControlRegisters;
import dev.asiscope.sim.paging.PageSize;
import dev.asiscope.sim.paging.PageTableEntry;
import dev.asiscope.sim.paging.PagingLevel;
import dev.asiscope.sim.paging.WalkResult;
import dev.asiscope.sim.paging.WalkStep;
import org.junit.jupiter.api.Test;

/** Kernel regions mapped with 2 MiB / 1 GiB pages: placement, entry format (SDM Vol. 3A 4.5), walks, TLB. */
public class LargePageLayoutTest {
    static final String SCENARIO = """
            { "format": 1, "name": "large pages",
              "machine": { "cores": 1, "threadsPerCore": 1 },
              "vms": [ { "id": 1 } ],
              "regions": [
                { "name": "percpu", "size": 16384, "sensitivity": "global-nonsensitive",
                  "label": "host-kernel-nonsensitive", "pageSize": "2m" },
                { "name": "page-cache", "size": "3M", "label": "host-kernel-sensitive", "pageSize": "2m" },
                { "name": "big-heap", "size": "1M", "sensitivity": "global-nonsensitive", "pageSize": "1g",
                  "fill": 7 }
              ],
              "programs": [ { "cpu": 0, "tasks": [ { "vm": 1, "vcpu": 0, "ops": [
                { "op": "compute", "cycles": 100 }, { "op": "vmexit", "reason": "MSR_WRITE" } ] } ] } ],
              "policy": "asi" }
            """;

    public static Machine machine() throws ScenarioException {
        LoadedScenario s = ScenarioLoader.parse("large.json", SCENARIO, null);
        return new Machine(s.spec(), s.policy(), null);
    }

    private static WalkResult walk(Machine m, long root, long va) {
        return m.walker().walk(ControlRegisters.linuxDefaults(root), va, AccessType.READ, false, m.memory(), false);
    }

    @Test
    void twoMegRegionIsAlignedAndMappedByPdeWithPs() throws ScenarioException {
        Machine m = machine();
        PlacedRegion percpu = m.layout().region("percpu");
        assertEquals(0, percpu.physicalBase() & PageSize.SIZE_2M.offsetMask(), "2 MiB-aligned physical base");
        assertEquals(PageSize.SIZE_2M.bytes(), percpu.mappedSize());
        WalkResult r = walk(m, m.layout().fullRoot(), percpu.virtualBase() + 0x3008);
        assertFalse(r.faulted());
        assertEquals(PageSize.SIZE_2M, r.pageSize());
        assertEquals(3, r.steps().size(), "PML4E, PDPTE, PDE: the PDE is the leaf");
        WalkStep pde = r.steps().get(2);
        assertEquals(PagingLevel.PD, pde.level());
        assertTrue((pde.entry() & PageTableEntry.PS) != 0, "PS=1 in a PDE maps a 2 MiB page");
        assertEquals(0, pde.entry() & 0x1F_F000L, "bits 20:12 (PAT and reserved 20:13) clear");
        assertEquals(percpu.physicalBase() + 0x3008, r.physicalAddress());
    }

    @Test
    void multiPageRegionUsesSeveralLargePagesAndOwnsItsLastOne() throws ScenarioException {
        Machine m = machine();
        PlacedRegion cache = m.layout().region("page-cache");
        assertEquals(2 * PageSize.SIZE_2M.bytes(), cache.mappedSize(), "3 MiB rounds up to two 2 MiB pages");
        WalkResult second = walk(m, m.layout().fullRoot(), cache.virtualBase() + 0x28_0000);
        assertEquals(PageSize.SIZE_2M, second.pageSize());
        assertEquals(cache.physicalBase() + 0x28_0000, second.physicalAddress());
        // The tail of the last large page belongs to no region.
        long tail = cache.physicalBase() + 0x3F_F000;
        assertNull(m.layout().regionAtPhysical(tail));
        for (PlacedRegion other : m.layout().regions()) {
            if (other != cache) {
                assertFalse(other.physicalBase() < cache.physicalBase() + cache.mappedSize()
                        && cache.physicalBase() < other.physicalBase() + other.mappedSize(),
                        other.name() + " overlaps page-cache's large pages");
            }
        }
    }

    @Test
    void oneGigRegionIsMappedByPdpteAndRestrictedTableAgrees() throws ScenarioException {
        Machine m = machine();
        PlacedRegion heap = m.layout().region("big-heap");
        assertEquals(0, heap.physicalBase() & PageSize.SIZE_1G.offsetMask());
        for (long root : new long[] {m.layout().fullRoot(), m.layout().restrictedRoot(1)}) {
            WalkResult r = walk(m, root, heap.virtualBase() + 0x2_3456);
            assertEquals(PageSize.SIZE_1G, r.pageSize());
            assertEquals(2, r.steps().size(), "PML4E, PDPTE: the PDPTE is the leaf");
            assertTrue((r.steps().get(1).entry() & PageTableEntry.PS) != 0);
            assertEquals(0, r.steps().get(1).entry() & 0x3FFF_F000L, "bits 29:12 clear");
            assertEquals(heap.physicalBase() + 0x2_3456, r.physicalAddress());
            assertEquals(0x0707_0707_0707_0707L, m.memory().readQword(r.physicalAddress() & ~7L));
            // Past the region's 1 MiB the same 1 GiB page maps memory no region holds: zeros.
            WalkResult tail = walk(m, root, heap.virtualBase() + 0x12_3450);
            assertEquals(heap.physicalBase() + 0x12_3450, tail.physicalAddress());
            assertEquals(0, m.memory().readQword(tail.physicalAddress()));
        }
        // A sensitive 2 MiB region is not in the restricted table.
        assertTrue(walk(m, m.layout().restrictedRoot(1), m.layout().region("page-cache").virtualBase()).faulted());
    }

    @Test
    void pageSizeIsRejectedWithLocatedError() {
        String bad = SCENARIO.replace("\"pageSize\": \"1g\"", "\"pageSize\": \"1G\"");
        ScenarioException e = org.junit.jupiter.api.Assertions.assertThrows(ScenarioException.class,
                () -> ScenarioLoader.parse("bad.json", bad, null));
        assertTrue(e.getMessage().contains("unknown pageSize \"1G\""), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean '1g'"), e.getMessage());
        assertTrue(e.getMessage().startsWith("bad.json:"), e.getMessage());
    }

    @Test
    void handlerAccessFillsOneTwoMegTlbEntry() throws ScenarioException {
        Machine m = machine();
        while (m.step()) {
            // MSR_WRITE's handler touches percpu through the restricted table
        }
        PlacedRegion percpu = m.layout().region("percpu");
        boolean found = false;
        for (dev.asiscope.sim.tlb.TlbEntry e : m.cpu(0).tlb().entries()) {
            if (e.linearBase() == percpu.virtualBase()) {
                assertEquals(PageSize.SIZE_2M, e.pageSize());
                assertEquals(percpu.physicalBase(), e.physicalBase());
                found = true;
            }
        }
        assertTrue(found, "a 2 MiB TLB entry for percpu: " + m.cpu(0).tlb().entries());
    }

    @Test
    void runIsDeterministicWithLargePages() throws ScenarioException {
        Machine a = machine();
        Machine b = machine();
        a.runUntil(Long.MAX_VALUE);
        b.runUntil(Long.MAX_VALUE);
        assertEquals(a.stateHash(), b.stateHash());
    }
}
