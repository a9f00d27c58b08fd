package dev.asiscope.ui.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.scenario.ScenarioException;
import dev.asiscope.scenario.ScenarioLoader;
import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.kernel.HostLayout;
import dev.asiscope.sim.paging.PagingLevel;
import dev.asiscope.sim.tables.EntryKind;
import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The page-table view draws what is in memory: cells, differences, sharing, zoom by selection. */
class PageTableViewTest {
    static final double W = 1600;
    static final double H = 1000;

    static SimSession open(String sample, long cycle) {
        try {
            SimSession s = new SimSession();
            s.open(ScenarioLoader.load(Path.of("sample-traces", sample)), null);
            s.seek(cycle);
            return s;
        } catch (ScenarioException e) {
            throw new AssertionError(e);
        }
    }

    /** Every cell the view reports under a scan of the whole view. */
    static List<PageTableCell> cells(PageTableView v, SimSession s) {
        // the view hands out one instance per entry: an identity set keeps this scan linear
        java.util.Set<PageTableCell> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        List<PageTableCell> out = new ArrayList<>();
        for (double y = 0; y < H; y += 8) {
            for (double x = 0; x < W; x += 8) {
                if (v.hitTest(x, y, W, H, s) instanceof PageTableCell c && seen.add(c)) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    @Test
    void cellsAreTheEntriesInMemoryAndTheSecretDiffersFromTheRestrictedTable() {
        SimSession s = open("asi-exit-flush.json", 50_000);
        PageTableView v = new PageTableView();
        RecordingDrawContext g = new RecordingDrawContext();
        v.paint(g, W, H, s, Theme.LIGHT);
        Machine m = s.machine();
        assertEquals("restricted:vm1", v.compared(m));
        long secret = m.layout().region("host-secret").virtualBase();
        PageTableCell full = null;
        PageTableCell restricted = null;
        for (PageTableCell c : cells(v, s)) {
            // each cell is the entry as stored
            assertEquals(m.memory().readQword(c.entry().entryAddress()), c.entry().raw(), c.toString());
            if (c.entry().level() == PagingLevel.PT && c.entry().linearAddress() == secret) {
                if (c.space().equals("full")) {
                    full = c;
                } else {
                    restricted = c;
                }
            }
        }
        assertNotNull(full);
        assertNotNull(restricted);
        assertEquals(EntryKind.LEAF, full.entry().kind());
        assertEquals("host-secret", full.region());
        assertTrue(full.differs());
        assertEquals(EntryKind.NOT_PRESENT, restricted.entry().kind());
        assertTrue(restricted.differs());
        assertFalse(full.walk().faulted());
        assertEquals(m.layout().region("host-secret").physicalBase(), full.walk().physicalAddress());
        assertTrue(restricted.walk() == null || restricted.entry().raw() == 0 || restricted.walk().faulted());
        // The bits panel names the SDM fields of the entry in focus (the secret's PTE by default).
        for (String name : List.of("XD", "address", "G", "PAT", "D", "A", "PCD", "PWT", "U/S", "R/W", "P")) {
            assertFalse(g.where(c -> name.equals(c.text())).isEmpty(), name);
        }
        assertFalse(g.where(c -> c.text() != null && c.text().startsWith("walk of ")).isEmpty());
    }

    @Test
    void clickingAnEntryZoomsToIt() {
        SimSession s = open("asi-exit-flush.json", 50_000);
        PageTableView v = new PageTableView();
        v.paint(new RecordingDrawContext(), W, H, s, Theme.PROJECTOR);
        PageTableCell pml4 = cells(v, s).stream().filter(c -> c.space().equals("full")
                && c.entry().level() == PagingLevel.PML4 && c.entry().kind() == EntryKind.TABLE).findFirst()
                .orElseThrow();
        assertEquals(PagingLevel.PML4.indexOf(HostLayout.DIRECT_MAP), pml4.entry().index());
        s.selectionProperty().set(pml4);
        RecordingDrawContext g = new RecordingDrawContext();
        v.paint(g, W, H, s, Theme.PROJECTOR);
        // the whole space and the 512 GiB slot below the entry: PML4 and PDPT, nothing deeper
        List<PageTableCell> shown = cells(v, s);
        assertTrue(shown.stream().anyMatch(c -> c.entry().level() == PagingLevel.PDPT));
        assertTrue(shown.stream().noneMatch(c -> c.entry().level() == PagingLevel.PD && c.entry().raw() != 0),
                "PD hidden after zooming out to a PML4 entry");
        assertFalse(g.where(c -> c.text() != null && c.text().startsWith("full  PML4[273]")).isEmpty());
        // and a PTE: all four levels, the PTE's bits
        PageTableCell pte = cells(v, s).stream().filter(c -> c.entry().level() == PagingLevel.PDPT
                && c.entry().kind() == EntryKind.TABLE).findFirst().orElseThrow();
        s.selectionProperty().set(pte);
        v.paint(new RecordingDrawContext(), W, H, s, Theme.PROJECTOR);
        assertTrue(cells(v, s).stream().anyMatch(c -> c.entry().level() == PagingLevel.PD));
    }

    @Test
    void aSharedFrameIsDrawnOnceAndLinked() {
        SimSession s = open("meltdown-kpti-global-bit.json", 50_000);
        PageTableView v = new PageTableView();
        v.setSpaces("full", "process:p1:kernel");
        RecordingDrawContext g = new RecordingDrawContext();
        v.paint(g, W, H, s, Theme.LIGHT);
        assertEquals(3, g.where(c -> "same frame as A".equals(c.text())).size(), "PDPT, PD and PT shared");
        Machine m = s.machine();
        long pdpt = m.layout().process(1).kernelRoot();
        List<PageTableCell> b = cells(v, s).stream().filter(c -> c.space().equals("process:p1:kernel")).toList();
        assertFalse(b.isEmpty(), "B's own PML4 is drawn");
        assertTrue(b.stream().allMatch(c -> c.entry().level() == PagingLevel.PML4 && c.entry().tableAddress() == pdpt),
                "below the PML4, B's structures are A's frames: drawn once, in A's row");
        // the kernel-half PML4 entry is the same value in both; the user half is B's only
        PageTableCell dm = b.stream().filter(c -> c.entry().index() == PagingLevel.PML4.indexOf(HostLayout.DIRECT_MAP))
                .findFirst().orElseThrow();
        assertFalse(dm.differs());
        assertTrue(b.stream().anyMatch(c -> c.entry().index() == 0 && c.differs()), "user memory: B only");
    }

    /** A 2 MiB leaf ends the walk at the PD: no PT column, and the panel shows the PDE with PS. */
    @Test
    void aLargePageEndsTheTreeAtItsLeaf() throws ScenarioException {
        SimSession s = new SimSession();
        s.open(ScenarioLoader.parse("large.json", """
                { "format": 1, "name": "large", "vms": [ { "id": 1 } ],
                  "regions": [ { "name": "host-secret", "size": 4096, "label": "host-secret", "fill": "0x53",
                                 "pageSize": "2m" } ],
                  "programs": [ { "cpu": 0, "tasks": [ { "vm": 1, "vcpu": 0, "ops": [ { "op": "compute", "cycles": 100 } ] } ] } ],
                  "policy": "asi" }
                """, null), null);
        PageTableView v = new PageTableView();
        RecordingDrawContext g = new RecordingDrawContext();
        v.paint(g, W, H, s, Theme.LIGHT);
        List<PageTableCell> cells = cells(v, s);
        assertTrue(cells.stream().noneMatch(c -> c.entry().level() == PagingLevel.PT), "no PT below a 2 MiB leaf");
        long secret = s.machine().layout().region("host-secret").virtualBase();
        PageTableCell pde = cells.stream().filter(c -> c.space().equals("full") && c.entry().level() == PagingLevel.PD
                && c.entry().linearAddress() == secret).findFirst().orElseThrow();
        assertEquals(EntryKind.LEAF, pde.entry().kind());
        assertTrue(pde.entry().flags().contains("PS"));
        assertEquals(3, pde.walk().steps().size());
        assertFalse(g.where(c -> c.text() != null && c.text().startsWith("full  PD[")
                && c.text().contains("leaf 2M")).isEmpty(), "the panel shows the 2 MiB PDE");
    }

    @Test
    void choosingATableByItsNameMakesItB() {
        SimSession s = open("meltdown-kpti-global-bit.json", 50_000);
        PageTableView v = new PageTableView();
        v.paint(new RecordingDrawContext(), W, H, s, Theme.LIGHT);
        SpaceChoice asi = null;
        for (double y = 0; y < 80 && asi == null; y += 4) {
            for (double x = 0; x < W && asi == null; x += 4) {
                if (v.hitTest(x, y, W, H, s) instanceof SpaceChoice c && c.space().equals("process:p1:asi")) {
                    asi = c;
                }
            }
        }
        assertNotNull(asi);
        s.selectionProperty().set(asi);
        v.paint(new RecordingDrawContext(), W, H, s, Theme.LIGHT);
        assertEquals("process:p1:asi", v.compared(s.machine()));
        assertEquals("full", v.primary());
        s.selectionProperty().set(new SpaceChoice(v, "process:p1:asi"));
        v.paint(new RecordingDrawContext(), W, H, s, Theme.LIGHT);
        assertEquals("process:p1:asi", v.primary(), "B's name again swaps A and B");
        // a machine without VMs or processes has one table: no B row
        assertNull(new PageTableView().trees(open("paging-basics.json", 0))[1]);
    }
}
