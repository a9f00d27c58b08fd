package dev.asiscope.ui.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.kernel.PlacedRegion;
import dev.asiscope.sim.mem.Sensitivity;
import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import org.junit.jupiter.api.Test;

class AddressSpaceViewTest {
    private static SimSession session() {
        SimSession s = ViewScenarios.open(ViewScenarios.siblingL1tf(), "asi");
        s.seek(s.simulation().endCycle() / 2);
        return s;
    }

    /** The page mapping the view reports at the middle of {@code region}'s row, in column {@code col}. */
    private static PageMapping cell(AddressSpaceView v, RecordingDrawContext g, SimSession s, String region, int col) {
        RecordingDrawContext.Call name = g.where(c -> region.equals(c.text())).get(0);
        // Scan right along the row for the column's strip.
        int seen = 0;
        PageMapping last = null;
        for (double x = name.x(); x < 1600; x += 4) {
            Object hit = v.hitTest(x, name.y() - 2, 1600, 1000, s);
            if (hit instanceof PageMapping p && (last == null || !p.table().equals(last.table()))) {
                if (seen++ == col) {
                    return p;
                }
                last = p;
            }
        }
        return null;
    }

    @Test
    void restrictedSpaceLacksTheSecretWhileTheFullTableHasIt() {
        SimSession s = session();
        AddressSpaceView v = new AddressSpaceView();
        RecordingDrawContext g = new RecordingDrawContext();
        v.paint(g, 1600, 1000, s, Theme.LIGHT);
        Machine m = s.machine();
        assertEquals("restricted vm1", v.compared(m).name());
        PageMapping full = cell(v, g, s, "host-secret", 0);
        PageMapping restricted = cell(v, g, s, "host-secret", 1);
        assertNotNull(full);
        assertNotNull(restricted);
        assertEquals("full", full.table().name());
        assertTrue(full.mapped());
        assertEquals(m.layout().region("host-secret").physicalBase(), full.walk().physicalAddress());
        assertEquals("restricted vm1", restricted.table().name());
        assertFalse(restricted.mapped());
        // The picture says so: a secret-coloured strip in the full column, "NOT MAPPED" in the restricted one.
        RecordingDrawContext.Call row = g.where(c -> "host-secret".equals(c.text())).get(0);
        assertTrue(g.fills(Theme.LIGHT.secret()).stream().anyMatch(f -> f.y() <= row.y() && f.y() + f.h() >= row.y() - 4
                && f.x() > row.x() + 200));
        assertTrue(g.where(c -> "NOT MAPPED".equals(c.text()) && Math.abs(c.y() - row.y()) < 30).size() >= 1);
    }

    @Test
    void whenRowsDoNotFitTheSecretAndTheRowsTheTablesMapDifferentlyAreTheOnesShown() {
        SimSession s = session();
        AddressSpaceView v = new AddressSpaceView();
        RecordingDrawContext all = new RecordingDrawContext();
        v.paint(all, 1600, 1000, s, Theme.LIGHT);
        long notMapped = all.where(c -> "NOT MAPPED".equals(c.text())).size();
        assertTrue(notMapped >= 2, "the scenario has sensitive regions the restricted table leaves out");
        assertTrue(all.texts().stream().noneMatch(t -> t.contains("more region")), "1600x1000 shows every row");

        // Grid cells of small windows: only some rows fit.
        RecordingDrawContext small = null;
        int hiding = 0;
        for (int h = 200; h <= 700; h += 10) {
            RecordingDrawContext g = new RecordingDrawContext();
            v.paint(g, 700, h, s, Theme.LIGHT);
            long cells = g.where(c -> c.text() != null && (c.text().startsWith("mapped") || c.text().equals("NOT MAPPED")
                    || c.text().startsWith("\u2260"))).size();
            long rowsShown = cells / 2;
            if (rowsShown > 0) {
                assertTrue(g.texts().contains("host-secret"), h + " px, " + rowsShown + " rows: the secret's is one");
            }
            if (g.texts().stream().noneMatch(t -> t.contains("more region"))) {
                continue;
            }
            hiding++;
            small = g;
            assertTrue(g.texts().contains("host-secret"), h + " px: the secret's row is shown: " + g.texts());
            assertEquals(Math.min(notMapped, rowsShown), g.where(c -> "NOT MAPPED".equals(c.text())).size(),
                    h + " px: rows the restricted table leaves out come before rows mapped alike");
            if (rowsShown >= notMapped) {
                assertTrue(g.texts().stream().anyMatch(t -> t.contains("mapped alike in both tables")),
                        h + " px: the hidden rows are said to be the same in both tables: " + g.texts());
            }
        }
        assertTrue(hiding > 0, "some size hides rows");
        // Still an address map: the rows shown are in address order.
        java.util.List<Double> ys = new java.util.ArrayList<>();
        for (PlacedRegion r : s.machine().layout().regions().stream()
                .sorted((a, b) -> Long.compareUnsigned(a.virtualBase(), b.virtualBase())).toList()) {
            small.where(c -> r.name().equals(c.text())).stream().findFirst().ifPresent(c -> ys.add(c.y()));
        }
        for (int i = 1; i < ys.size(); i++) {
            assertTrue(ys.get(i) > ys.get(i - 1), "rows in address order");
        }
    }

    @Test
    void everyRowAgreesWithAWalkOfTheRealTables() {
        SimSession s = session();
        AddressSpaceView v = new AddressSpaceView();
        RecordingDrawContext g = new RecordingDrawContext();
        v.paint(g, 1600, 1000, s, Theme.LIGHT);
        Machine m = s.machine();
        TableRef restricted = TableRef.restricted(m, 1);
        for (PlacedRegion r : m.layout().regions()) {
            PageMapping shownFull = cell(v, g, s, r.name(), 0);
            PageMapping shownRestricted = cell(v, g, s, r.name(), 1);
            assertNotNull(shownFull, r.name());
            assertTrue(shownFull.mapped(), r.name() + " must be mapped in the full table");
            boolean expected = r.region().sensitivity() == Sensitivity.GLOBAL_NONSENSITIVE
                    || (r.region().sensitivity() == Sensitivity.LOCAL_NONSENSITIVE && r.region().ownerVm() == 1);
            assertEquals(expected, shownRestricted.mapped(), r.name());
            assertEquals(!restricted.walk(m, shownRestricted.virtualAddress()).faulted(), shownRestricted.mapped());
            RecordingDrawContext.Call name = g.where(c -> r.name().equals(c.text())).get(0);
            boolean notMappedText = g.where(c -> "NOT MAPPED".equals(c.text()) && Math.abs(c.y() - name.y()) < 12)
                    .size() > 0;
            assertEquals(!expected, notMappedText, r.name());
        }
    }

    @Test
    void zoomedToSinglePagesShowsEachTranslation() {
        SimSession s = session();
        AddressSpaceView v = new AddressSpaceView();
        Machine m = s.machine();
        PlacedRegion secret = m.layout().region("host-secret");
        v.zoomToPages(secret.virtualBase() - 4096, 3);
        RecordingDrawContext g = new RecordingDrawContext();
        v.paint(g, 1600, 1000, s, Theme.PROJECTOR);
        assertTrue(g.hasText(Fmt.va(secret.virtualBase())));
        assertTrue(g.hasText("\u2192 " + Fmt.hex(secret.physicalBase())), g.texts().toString());
        assertTrue(g.hasText("host-secret [0/1]"));
        assertTrue(g.textsContaining("NOT MAPPED").size() >= 2, "the secret page and its sensitive neighbour");
        RecordingDrawContext.Call page = g.textsContaining("host-secret [0/1]").get(0);
        Object hit = v.hitTest(1200, page.y() - 4, 1600, 1000, s);
        assertTrue(hit instanceof PageMapping p && !p.mapped() && p.virtualAddress() == secret.virtualBase(), "" + hit);
        v.zoomToRegion(m, "guest-memory:vm1");
        g = new RecordingDrawContext();
        v.paint(g, 1600, 1000, s, Theme.LIGHT);
        assertTrue(g.hasText("guest-memory:vm1"));
        assertFalse(g.hasText("host-secret"));
        v.resetRange();
        assertFalse(v.hasCustomRange());
    }

    @Test
    void comparesAnyHostTable() {
        SimSession s = ViewScenarios.open(ViewScenarios.meltdown(), "kpti");
        s.seek(s.simulation().endCycle() / 2);
        AddressSpaceView v = new AddressSpaceView();
        assertEquals("process1 PTI user", v.compared(s.machine()).name());
        v.setCompared("process1 ASI");
        assertEquals("process1 ASI", v.compared(s.machine()).name());
        v.setCompared("process1 PTI user");
        RecordingDrawContext g = new RecordingDrawContext();
        v.paint(g, 1600, 1000, s, Theme.LIGHT);
        assertTrue(g.hasText("process1 PTI user table"), g.texts().toString());
        // The PTI user table maps no kernel region but the entry area.
        assertEquals(m(s).layout().regions().size() - 1, g.textsContaining("NOT MAPPED").size());
    }

    private static Machine m(SimSession s) {
        return s.machine();
    }

    /**
     * A view squeezed to a strip (a 1280x720 window at 130 %) gives up the range line and the column headers
     * before the rows: the secret's row is still drawn and found where the view says it is.
     */
    @Test
    void aShortViewStillShowsTheSecretsRow() {
        SimSession s = ViewScenarios.open(ViewScenarios.siblingL1tf(), "none");
        PlacedRegion secret = s.machine().layout().region("host-secret");
        for (Theme theme : new Theme[] {Theme.LIGHT, Theme.PROJECTOR}) {
            for (int h = 80; h <= 240; h += 8) {
                AddressSpaceView v = new AddressSpaceView();
                v.paint(new RecordingDrawContext(), 300, h, s, theme);
                var box = v.locate(dev.asiscope.ui.annotate.Anchor.region(secret.physicalBase(),
                        new dev.asiscope.ui.annotate.Rect(0, 0, 1, 1)), 300, h, s);
                assertTrue(box.isPresent() && box.get().maxY() <= h, theme.id() + " h=" + h + ": " + box);
                assertEquals(secret, v.hitTest(box.get().x() + 4, box.get().centerY(), 300, h, s), theme.id() + " h=" + h);
            }
        }
    }
}
