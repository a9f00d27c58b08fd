package dev.asiscope.ui.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.sim.engine.EventKind;
import dev.asiscope.sim.engine.Machine;
import dev.asiscope.ui.core.MachineView;
import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Properties every view keeps: no state changes, no text over text, projector-size type, balanced clips. */
class AllViewsTest {
    static List<MachineView> views() {
        return List.of(new CoresView(), new CacheView(), new AddressSpaceView(), new PageWalkView(), new PageTableView(),
                new TimelineView());
    }

    /** Sessions at telling cycles: leaks, ASI exits, stuns, nosmt, a host process. */
    static List<SimSession> sessions() {
        List<SimSession> out = new ArrayList<>();
        for (String policy : List.of("none", "asi", "asi-stun", "l1d-flush-always+nosmt")) {
            SimSession s = ViewScenarios.open(ViewScenarios.twoCores(), policy);
            var interesting = s.simulation().log().ofKind(EventKind.LEAK, EventKind.ASI_EXIT, EventKind.STUN);
            s.seek(interesting.isEmpty() ? s.simulation().endCycle() / 3 : interesting.get(0).cycle());
            out.add(s);
        }
        // The scenario the window opens on, as the loader compiles it.
        try {
            SimSession d = new SimSession();
            d.open(dev.asiscope.scenario.ScenarioLoader.builtIn(dev.asiscope.scenario.ScenarioLoader.DEFAULT_SAMPLE),
                    null);
            d.seek(d.simulation().log().ofKind(EventKind.LEAK).get(0).cycle());
            out.add(d);
        } catch (dev.asiscope.scenario.ScenarioException e) {
            throw new AssertionError(e);
        }
        SimSession m = ViewScenarios.open(ViewScenarios.meltdown(), "kpti");
        m.seek(m.simulation().endCycle() / 2);
        out.add(m);
        return out;
    }

    /** Full window, a quarter, and the tiles of a main window layout. */
    static final double[][] SIZES = {{1600, 1000}, {800, 500}, {800, 380}, {800, 360}, {1600, 260}, {520, 300},
        // Short tiles (a main window split three ways on a laptop), where caches and address spaces overlapped.
        {800, 300}, {800, 280}, {800, 260}, {800, 240}, {640, 220}, {1000, 200}, {520, 240},
        // A narrow tile at 150% zoom: the two DTLB tables of a core side by side.
        {300, 420}};

    @Test
    void inspectionNeverChangesTheMachine() {
        for (SimSession s : sessions()) {
            Machine m = s.machine();
            long before = m.stateHash();
            for (MachineView v : views()) {
                RecordingDrawContext g = new RecordingDrawContext();
                v.paint(g, 1600, 1000, s, Theme.LIGHT);
                for (int x = 0; x < 1600; x += 97) {
                    for (int y = 0; y < 1000; y += 61) {
                        ((HitTestable) v).hitTest(x, y, 1600, 1000, s);
                    }
                }
            }
            assertEquals(before, m.stateHash(), "painting and hit testing changed the machine at " + s.cycle());
            assertEquals(before, s.simulation().seek(s.cycle()).stateHash());
        }
    }

    @Test
    void noTextIsDrawnOverOtherText() {
        List<String> problems = new ArrayList<>();
        for (SimSession s : sessions()) {
            for (Theme theme : List.of(Theme.LIGHT, Theme.PROJECTOR)) {
                for (double[] size : SIZES) {
                    for (MachineView v : views()) {
                        RecordingDrawContext g = new RecordingDrawContext();
                        v.paint(g, size[0], size[1], s, theme);
                        for (String o : g.overlappingTexts(2)) {
                            problems.add(v.id() + " " + theme.id() + " " + (int) size[0] + "x" + (int) size[1]
                                    + " @" + s.cycle() + ": " + o);
                        }
                    }
                }
            }
        }
        // One example per view/theme/size, so every kind of problem shows.
        java.util.Map<String, String> firstPerCase = new java.util.LinkedHashMap<>();
        for (String p : problems) {
            firstPerCase.putIfAbsent(p.substring(0, p.indexOf(" @")), p);
        }
        assertTrue(problems.isEmpty(), problems.size() + " overlaps, e.g.\n"
                + String.join("\n", firstPerCase.values()));
    }

    @Test
    void projectorTextIsLarge() {
        for (SimSession s : sessions()) {
            for (MachineView v : views()) {
                RecordingDrawContext g = new RecordingDrawContext();
                v.paint(g, 1600, 1000, s, Theme.PROJECTOR);
                double min = g.where(c -> c.kind() == RecordingDrawContext.Kind.TEXT
                        || c.kind() == RecordingDrawContext.Kind.MONO).stream()
                        .mapToDouble(RecordingDrawContext.Call::size).min().orElse(99);
                assertTrue(min >= 13, v.id() + ": text of " + min + " px on the projector theme");
            }
        }
    }

    @Test
    void clipsAreBalancedAndEveryTextIsInsideTheView() {
        for (SimSession s : sessions()) {
            for (Theme theme : List.of(Theme.DARK, Theme.PROJECTOR)) {
                for (double[] size : SIZES) {
                    for (MachineView v : views()) {
                        RecordingDrawContext g = new RecordingDrawContext();
                        v.paint(g, size[0], size[1], s, theme);
                        assertEquals(0, g.saveDepth(), v.id());
                        for (var c : g.where(c -> c.kind() == RecordingDrawContext.Kind.TEXT
                                || c.kind() == RecordingDrawContext.Kind.MONO)) {
                            double left = RecordingDrawContext.textLeft(c);
                            assertTrue(left >= -1 && left + c.w() <= size[0] + 1 && c.y() <= size[1]
                                    && c.y() - c.size() >= -1, v.id() + " " + theme.id() + " " + (int) size[0] + "x"
                                    + (int) size[1] + ": text '" + c.text() + "' outside the view at " + c.x() + ","
                                    + c.y());
                        }
                    }
                }
            }
        }
    }

    /**
     * Nothing is drawn over text except what is meant to: no filled shape painted later covers the middle
     * of an earlier text (e.g. a legend or a box overflowing onto other content).
     */
    @Test
    void noShapeIsPaintedOverText() {
        List<String> problems = new ArrayList<>();
        for (SimSession s : sessions()) {
            for (Theme theme : List.of(Theme.LIGHT, Theme.PROJECTOR)) {
                for (double[] size : SIZES) {
                    for (MachineView v : views()) {
                        RecordingDrawContext g = new RecordingDrawContext();
                        v.paint(g, size[0], size[1], s, theme);
                        List<RecordingDrawContext.Call> calls = g.calls;
                        for (int i = 0; i < calls.size(); i++) {
                            var t = calls.get(i);
                            if (t.kind() != RecordingDrawContext.Kind.TEXT && t.kind() != RecordingDrawContext.Kind.MONO) {
                                continue;
                            }
                            double cx = RecordingDrawContext.textLeft(t) + Math.min(t.w(), 30) / 2;
                            double cy = t.y() - t.size() * 0.35;
                            for (int j = i + 1; j < calls.size(); j++) {
                                var f = calls.get(j);
                                if (f.kind() == RecordingDrawContext.Kind.FILL_RECT && f.contains(cx, cy)
                                        && f.color().length() == 7 && f.w() > 12 && f.h() > 8) {
                                    problems.add(v.id() + " " + theme.id() + " " + (int) size[0] + "x" + (int) size[1]
                                            + ": '" + t.text() + "' covered by a " + f.color() + " rect at " + (int) f.x()
                                            + "," + (int) f.y());
                                    break;
                                }
                            }
                        }
                    }
                }
            }
        }
        java.util.Map<String, String> firstPerCase = new java.util.LinkedHashMap<>();
        for (String p : problems) {
            firstPerCase.putIfAbsent(p.substring(0, p.indexOf(":")), p);
        }
        assertTrue(problems.isEmpty(), problems.size() + " covered texts, e.g.\n"
                + String.join("\n", firstPerCase.values()));
    }
}
