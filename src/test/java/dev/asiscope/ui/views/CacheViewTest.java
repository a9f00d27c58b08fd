package dev.asiscope.ui.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.sim.cache.Cache;
import dev.asiscope.sim.cache.CacheGeometry;
import dev.asiscope.sim.cache.CacheLine;
import dev.asiscope.sim.cache.LfbEntry;
import dev.asiscope.sim.cache.Replacement;
import dev.asiscope.sim.engine.EventKind;
import dev.asiscope.sim.engine.Leak;
import dev.asiscope.sim.engine.MachineSpecBuilder;
import dev.asiscope.sim.program.Op;
import dev.asiscope.sim.tlb.TlbEntry;
import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CacheViewTest {
    /** The secret's L1D cells as painted: secret-coloured fills whose hit test is a cache line. */
    private static List<CacheLine> paintedSecretLines(CacheView v, RecordingDrawContext g, SimSession s, Theme theme) {
        List<CacheLine> out = new ArrayList<>();
        for (RecordingDrawContext.Call f : g.fills(theme.secret())) {
            Object hit = v.hitTest(f.centerX(), f.centerY(), 1600, 1000, s);
            if (hit instanceof CacheLine l) {
                out.add(l);
            }
        }
        return out;
    }

    private static List<CacheLine> secretLinesInL1d(SimSession s) {
        List<CacheLine> out = new ArrayList<>();
        for (int c = 0; c < s.machine().spec().cores(); c++) {
            for (CacheLine l : s.machine().caches().l1d(c).lines()) {
                if (l.provenance().label().name().equals("host-secret")) {
                    out.add(l);
                }
            }
        }
        return out;
    }

    @Test
    void theSecretLineIsPaintedRedAtTheSetAndWayTheCacheReports() {
        SimSession s = ViewScenarios.open(ViewScenarios.sameThreadL1tf(), "none");
        Leak leak = s.simulation().end().leaks().get(0);
        s.seek(leak.transientCycle());
        List<CacheLine> expected = secretLinesInL1d(s);
        assertEquals(1, expected.size(), "the secret should be in L1D when the transient load runs");
        CacheView v = new CacheView();
        RecordingDrawContext g = new RecordingDrawContext();
        v.paint(g, 1600, 1000, s, Theme.LIGHT);
        List<CacheLine> painted = paintedSecretLines(v, g, s, Theme.LIGHT);
        assertEquals(expected, painted);
        CacheLine line = painted.get(0);
        Cache l1d = s.machine().caches().l1d(0);
        assertEquals(l1d.setIndex(leak.physicalAddress()), line.set());
        assertEquals(line, l1d.line(line.set(), line.way()));
        // ... with the bold outline that makes it unmistakable.
        RecordingDrawContext.Call cell = g.fills(Theme.LIGHT.secret()).stream()
                .filter(f -> v.hitTest(f.centerX(), f.centerY(), 1600, 1000, s) instanceof CacheLine).findFirst().get();
        assertTrue(g.where(c -> c.kind() == RecordingDrawContext.Kind.STROKE_RECT && c.lineWidth() >= 2.5
                && c.contains(cell.centerX(), cell.centerY())).size() > 0);
    }

    @Test
    void afterAFlushNoSecretCellRemains() {
        SimSession s = ViewScenarios.open(ViewScenarios.sameThreadL1tf(), "l1d-flush-always");
        long firstEntry = s.simulation().log().ofKind(EventKind.L1D_FLUSH).get(0).cycle();
        s.seek(firstEntry);
        CacheView v = new CacheView();
        RecordingDrawContext g = new RecordingDrawContext();
        v.paint(g, 1600, 1000, s, Theme.DARK);
        assertEquals(secretLinesInL1d(s), paintedSecretLines(v, g, s, Theme.DARK));
        assertTrue(secretLinesInL1d(s).isEmpty());
    }

    @Test
    void everyValidLineIsACellOfItsLabelColour() {
        SimSession s = ViewScenarios.open(ViewScenarios.twoCores(), "none");
        s.seek(s.simulation().endCycle() / 4);
        CacheView v = new CacheView();
        RecordingDrawContext g = new RecordingDrawContext();
        v.paint(g, 1600, 1000, s, Theme.LIGHT);
        // The largest fill under each cell is the cell (dirty/origin marks are small shapes on top).
        java.util.Map<String, RecordingDrawContext.Call> cellFill = new java.util.HashMap<>();
        java.util.Map<String, CacheLine> cellLine = new java.util.HashMap<>();
        for (RecordingDrawContext.Call f : g.where(c -> c.kind() == RecordingDrawContext.Kind.FILL_RECT)) {
            if (v.hitTest(f.centerX(), f.centerY(), 1600, 1000, s) instanceof CacheLine l) {
                String key = l.set() + "/" + l.way() + "/" + l.physicalLine();
                RecordingDrawContext.Call old = cellFill.get(key);
                if (old == null || f.w() * f.h() > old.w() * old.h()) {
                    cellFill.put(key, f);
                    cellLine.put(key, l);
                }
            }
        }
        int checked = 0;
        for (String key : cellFill.keySet()) {
            CacheLine l = cellLine.get(key);
            assertEquals(LabelClass.of(l.provenance().label()).color(Theme.LIGHT), cellFill.get(key).color(), key);
            checked++;
        }
        // Same line at the same set/way in both cores counts once here; the keys must match exactly.
        java.util.Set<String> expected = new java.util.HashSet<>();
        for (int c = 0; c < 2; c++) {
            for (CacheLine l : s.machine().caches().l1d(c).lines()) {
                expected.add(l.set() + "/" + l.way() + "/" + l.physicalLine());
            }
        }
        assertEquals(expected, cellFill.keySet(), "every valid L1D line is a painted cell");
        assertEquals(expected.size(), checked);
    }

    @Test
    void fillBuffersAndTlbEntriesAreHitTestable() {
        SimSession s = ViewScenarios.open(ViewScenarios.sameThreadL1tf(), "none");
        s.seek(s.simulation().end().leaks().get(0).transientCycle());
        CacheView v = new CacheView();
        RecordingDrawContext g = new RecordingDrawContext();
        v.paint(g, 1600, 1000, s, Theme.LIGHT);
        List<LfbEntry> lfb = s.machine().caches().lineFillBuffers(0).entries();
        assertFalse(lfb.isEmpty());
        int foundLfb = 0;
        int foundTlb = 0;
        for (int y = 0; y < 1000; y += 3) {
            for (int x = 0; x < 1600; x += 7) {
                Object hit = v.hitTest(x, y, 1600, 1000, s);
                if (hit instanceof LfbEntry e && lfb.contains(e)) {
                    foundLfb |= 1 << e.slot();
                }
                if (hit instanceof TlbEntry t) {
                    assertTrue(g.hasText(Long.toHexString(t.linearBase())), "TLB row for " + t);
                    foundTlb++;
                }
            }
        }
        assertEquals(lfb.size(), Integer.bitCount(foundLfb));
        assertTrue(foundTlb > 0);
        int tlbEntries = s.machine().cpu(0).tlb().size();
        assertTrue(g.hasText("cpu0 DTLB " + tlbEntries + "/64"));
    }

    @Test
    void lowerLevelsAreSummarisedPerLabelClass() {
        SimSession s = ViewScenarios.open(ViewScenarios.sameThreadL1tf(), "none");
        s.seek(s.simulation().end().leaks().get(0).transientCycle());
        RecordingDrawContext g = new RecordingDrawContext();
        new CacheView().paint(g, 1600, 1000, s, Theme.LIGHT);
        int llc = s.machine().caches().llc().lines().size();
        assertTrue(g.hasText(String.format(java.util.Locale.ROOT, "%,d / %,d lines", llc, 131072)), g.texts().toString());
        assertTrue(g.hasText("L2 core0"));
        long secretInLlc = s.machine().caches().llc().lines().stream()
                .filter(l -> l.provenance().label().name().equals("host-secret")).count();
        assertTrue(g.hasText("secret " + secretInLlc));
    }

    @Test
    void adaptsToAnotherL1dGeometry() {
        CacheGeometry small = new CacheGeometry("L1D", 8 * 1024, 4, 64, Replacement.LRU);
        var spec = new MachineSpecBuilder().topology(1, 1).vm(1, 0x11)
                .caches(small, CacheGeometry.l2Default(), CacheGeometry.llcDefault(), 6)
                .vcpu(0, 1, 0, List.of(new Op.Compute(1000, 40), new Op.VmExit(ViewScenarios.MSR_WRITE),
                        new Op.Compute(1000, 40)))
                .build();
        SimSession s = ViewScenarios.open(spec, "none");
        s.seek(s.simulation().endCycle());
        CacheView v = new CacheView();
        RecordingDrawContext g = new RecordingDrawContext();
        v.paint(g, 1600, 1000, s, Theme.LIGHT);
        assertTrue(g.hasText("32 sets \u00d7 4 ways"), g.texts().toString());
        assertTrue(g.hasText("w3"));
        assertFalse(g.hasText("w4"));
        for (CacheLine l : s.machine().caches().l1d(0).lines()) {
            assertTrue(l.way() < 4 && l.set() < 32);
        }
        long slots = g.texts().stream().filter(t -> t.startsWith("slot ")).count()
                + s.machine().caches().lineFillBuffers(0).entries().size();
        assertEquals(6, slots);
    }
}
