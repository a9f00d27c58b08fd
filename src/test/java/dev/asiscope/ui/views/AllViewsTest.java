package dev.asiscope.ui.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.sim.engine.EventKind;
import dev.asiscope.sim.engine.Machine;
import dev.asiscope.ui.MachineView;
import dev.asiscope.ui.SimSession;
import dev.asiscope.ui.Theme;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Properties every view keeps: no state changes, no text over text, projector-size type, balanced clips. */
class AllViewsTest {
    static List<MachineView> views() {
        return List.of(new CoresView(), new CacheView(), new AddressSpaceView(), new PageWalkView(), new TimelineView());
    }

    /** Sessions at telling cycles: leaks, ASI exits, stuns, nosmt, a host process. */
    static List<SimSession> sessions() {
        List<SimSession> out = new ArrayList<>();
        for (String policy : List.of("none", "asi", "asi-stun", "l1d-flush-always+nosmt")) {
            SimSession s = ViewScenarios.open(ViewScenarios.twoCores(), policy);
            TimelineIndex.of(s.simulation()).complete();
            var interesting = s.simulation().log().ofKind(EventKind.LEAK, EventKind.ASI_EXIT, EventKind.STUN);
            s.seek(interesting.isEmpty() ? s.simulation().endCycle() / 3 : interesting.get(0).cycle());
            out.add(s);
        }
        SimSession m = ViewScenarios.open(ViewScenarios.meltdown(), "kpti");
        TimelineIndex.of(m.simulation()).complete();
        m.seek(m.simulation().endCycle() / 2);
        out.add(m);
        return out;
    }

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
                for (double[] size : new double[][] {{1600, 1000}, {800, 500}}) {
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
            for (MachineView v : views()) {
                RecordingDrawContext g = new RecordingDrawContext();
                v.paint(g, 1000, 700, s, Theme.DARK);
                assertEquals(0, g.saveDepth(), v.id());
                for (var c : g.where(c -> c.kind() == RecordingDrawContext.Kind.TEXT
                        || c.kind() == RecordingDrawContext.Kind.MONO)) {
                    double left = RecordingDrawContext.textLeft(c);
                    assertTrue(left >= -1 && left + c.w() <= 1001 && c.y() <= 700 && c.y() - c.size() >= -1,
                            v.id() + ": text '" + c.text() + "' outside the view at " + c.x() + "," + c.y());
                }
            }
        }
    }
}
