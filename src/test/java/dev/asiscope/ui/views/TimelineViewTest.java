package dev.asiscope.ui.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.sim.security.Context;
import dev.asiscope.sim.engine.Event;
import dev.asiscope.sim.engine.EventKind;
import dev.asiscope.sim.engine.ExposureWindow;
import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.engine.Simulation;
import dev.asiscope.sim.program.SplitMix64;
import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineViewTest {
    private static SimSession leaking() {
        SimSession s = ViewScenarios.open(ViewScenarios.sameThreadL1tf(), "none");
        return s;
    }

    @Test
    void thereIsALeakMarkerAtEachLeaksCycle() {
        SimSession s = leaking();
        List<Event> leaks = s.simulation().log().ofKind(EventKind.LEAK);
        assertEquals(3, leaks.size());
        s.seek(leaks.get(0).cycle());
        TimelineView v = new TimelineView();
        RecordingDrawContext g = new RecordingDrawContext();
        v.paint(g, 1600, 1000, s, Theme.LIGHT);
        for (Event leak : leaks) {
            double x = v.xOf(leak.cycle(), 1600);
            List<RecordingDrawContext.Call> marks = g.where(c -> c.kind() == RecordingDrawContext.Kind.POLYGON
                    && c.color().equals(Theme.LIGHT.secret()) && Math.abs(c.centerX() - x) < 1);
            assertFalse(marks.isEmpty(), "no leak marker at cycle " + leak.cycle());
            RecordingDrawContext.Call mark = marks.get(0);
            Object hit = v.hitTest(x, mark.centerY() + 2, 1600, 1000, s);
            assertEquals(leak, hit, "hit test at the leak marker");
        }
        assertEquals(leaks.size(), g.where(c -> "LEAK".equals(c.text())).size());
    }

    @Test
    void eightCpusInAShortViewKeepEveryLaneNamedInEveryTheme() {
        SimSession s = ViewScenarios.open(ViewScenarios.workload(3), "none");
        assertEquals(8, s.machine().cpuCount());
        for (Theme theme : List.of(Theme.LIGHT, Theme.PROJECTOR)) {
            // the timeline's row of the window's grid at 1600x1000 (about 170 px high)
            TimelineView v = new TimelineView();
            RecordingDrawContext g = new RecordingDrawContext();
            v.paint(g, 1180, 170, s, theme);
            double lowest = Double.MAX_VALUE;
            for (int cpu = 0; cpu < 8; cpu++) {
                String name = "cpu" + cpu;
                List<RecordingDrawContext.Call> labels = g.where(c -> name.equals(c.text()));
                assertEquals(1, labels.size(), theme.id() + ": lane " + name + " is named once: " + g.texts());
                lowest = Math.min(lowest, labels.get(0).size());
                // the name sits on its own lane: the hit test there answers that CPU
                Object hit = v.hitTest(labels.get(0).x() + 2, labels.get(0).y() - labels.get(0).size() * 0.3,
                        1180, 170, s);
                assertEquals(s.machine().cpu(cpu), hit, theme.id() + " " + name);
            }
            assertTrue(lowest >= TimelineView.MIN_LABEL, theme.id() + ": names of " + lowest + " px");
        }
        // Shorter still (the projector theme at 1280x720, about 150 px): too thin for a name per lane, one per core.
        TimelineView v = new TimelineView();
        RecordingDrawContext g = new RecordingDrawContext();
        v.paint(g, 880, 150, s, Theme.PROJECTOR);
        for (int core = 0; core < 4; core++) {
            String name = "core" + core;
            List<RecordingDrawContext.Call> labels = g.where(c -> name.equals(c.text()));
            assertEquals(1, labels.size(), name + " named once: " + g.texts());
            assertTrue(labels.get(0).size() >= TimelineView.MIN_LABEL, name + " in " + labels.get(0).size() + " px");
            Object hit = v.hitTest(labels.get(0).x() + 2, labels.get(0).y() - labels.get(0).size() * 0.3, 880, 150, s);
            assertTrue(hit instanceof dev.asiscope.sim.engine.HardwareThread t && t.core() == core,
                    name + " lies over its own lanes: " + hit);
        }
    }

    /**
     * An event's box (where the causal chain outlines the leak's reload) lies on its own lane, even when the
     * lanes are thinner than the 4 px the box is at least high (4 CPUs in the projector theme at 130 % in a
     * 1280x720 window: 101 px for the whole view): the view's hit test at the box's centre finds that lane.
     */
    @Test
    void anEventsBoxIsCentredOnItsLaneHoweverThin() {
        SimSession s = leaking();
        Event leak = s.simulation().log().ofKind(EventKind.LEAK).get(0);
        s.seek(leak.cycle());
        TimelineView v = new TimelineView();
        int thin = 0;
        for (double h = 90; h <= 220; h += 2.5) {
            v.paint(new RecordingDrawContext(), 773, h, s, Theme.PROJECTOR);
            for (int cpu = 0; cpu < s.machine().cpuCount(); cpu++) {
                dev.asiscope.ui.annotate.Rect box = v.locate(dev.asiscope.ui.annotate.Anchor.event(cpu, leak.cycle(),
                        new dev.asiscope.ui.annotate.Rect(0, 0, 1, 1)), 773, h, s).orElseThrow();
                thin += box.h() <= 4 ? 1 : 0;
                Object hit = v.hitTest(box.centerX(), box.centerY(), 773, h, s);
                int hitCpu = hit instanceof Event e ? e.cpu() : hit instanceof TimelineView.LanePoint p ? p.cpu() : -1;
                assertEquals(cpu, hitCpu, "at " + h + " px the box " + box + " of cpu" + cpu + " is on its lane: " + hit);
            }
        }
        assertTrue(thin > 0, "some heights make lanes thinner than 4 px");
    }

    @Test
    void lanesAreTheContextsTheMachineHadAtEveryCycle() {
        for (String policy : List.of("none", "asi-stun", "nosmt", "core-scheduling")) {
            SimSession s = ViewScenarios.open(ViewScenarios.siblingL1tf(), policy);
            Simulation sim = s.simulation();
            TimelineIndex index = TimelineIndex.of(sim);
            SplitMix64 rnd = new SplitMix64(7);
            for (int i = 0; i < 60; i++) {
                long c = Math.floorMod(rnd.nextLong(), sim.endCycle() + 1);
                Machine at = sim.stateAt(c);
                for (int cpu = 0; cpu < index.cpus(); cpu++) {
                    assertEquals(at.cpu(cpu).context(), index.contextAt(cpu, c), policy + " cpu" + cpu + " @" + c);
                }
            }
        }
    }

    @Test
    void theLaneUnderTheCursorHasTheContextColour() {
        SimSession s = ViewScenarios.open(ViewScenarios.siblingL1tf(), "asi");
        Event exit = s.simulation().log().ofKind(EventKind.ASI_EXIT).get(0);
        TimelineView v = new TimelineView();
        v.setRange(exit.cycle() - 3000, exit.cycle() + 3000);
        s.seek(exit.cycle() + 5);
        RecordingDrawContext g = new RecordingDrawContext();
        v.paint(g, 1600, 1000, s, Theme.LIGHT);
        double x = v.xOf(s.cycle(), 1600);
        double probeX = v.xOf(v.rangeStart(), 1600) + 3;
        for (int cpu = 0; cpu < 2; cpu++) {
            Context ctx = s.machine().cpu(cpu).context();
            // Find the lane by hit testing away from the cursor's markers, then look under the cursor.
            double laneY = -1;
            for (double y = 0; y < 1000 && laneY < 0; y += 2) {
                if (v.hitTest(probeX, y, 1600, 1000, s) instanceof TimelineView.LanePoint p && p.cpu() == cpu) {
                    laneY = y;
                }
            }
            assertTrue(laneY >= 0, "no lane for cpu" + cpu);
            double y = laneY + 25;
            assertTrue(g.where(c -> c.kind() == RecordingDrawContext.Kind.FILL_RECT && c.contains(x, y)
                    && c.color().equals(Ink.context(Theme.LIGHT, ctx))).size() > 0,
                    "cpu" + cpu + " lane is not " + ctx.kind() + " at the cursor");
            TimelineIndex index = TimelineIndex.of(s.simulation());
            assertEquals(ctx, index.contextAt(cpu, s.cycle()));
        }
    }

    @Test
    void scrubbingMapsPixelsToCyclesAndBack() {
        SimSession s = leaking();
        TimelineView v = new TimelineView();
        v.paint(new RecordingDrawContext(), 1600, 1000, s, Theme.LIGHT);
        long end = s.simulation().endCycle();
        assertEquals(0, v.rangeStart());
        assertEquals(end, v.rangeEnd());
        for (long c : new long[] {0, end / 3, end / 2, end}) {
            double x = v.xOf(c, 1600);
            assertTrue(Math.abs(v.cycleAt(x, 1600) - c) <= Math.max(1, end / 1400), c + " -> " + x);
        }
        double mid = v.xOf(end / 2, 1600);
        v.zoom(0.25, mid, 1600);
        assertTrue(v.rangeEnd() - v.rangeStart() <= end / 4 + 2);
        assertTrue(Math.abs(v.cycleAt(mid, 1600) - end / 2) <= end / 1000 + 2, "zoom keeps the cycle under the mouse");
        long before = v.rangeStart();
        v.scroll(160, 1600);
        assertTrue(v.rangeStart() > before);
        v.fitAll();
        v.paint(new RecordingDrawContext(), 1600, 1000, s, Theme.LIGHT);
        assertEquals(end, v.rangeEnd());
    }

    @Test
    void exposureWindowsAreBandsOverTheCoresLanes() {
        SimSession s = leaking();
        List<ExposureWindow> windows = s.simulation().end().exposures();
        assertFalse(windows.isEmpty());
        TimelineView v = new TimelineView();
        RecordingDrawContext g = new RecordingDrawContext();
        v.paint(g, 1600, 1000, s, Theme.LIGHT);
        String fill = Ink.alpha(Theme.LIGHT.secret(), 0x30);
        for (ExposureWindow w : windows) {
            double x0 = v.xOf(w.startCycle(), 1600);
            assertTrue(g.fills(fill).stream().anyMatch(f -> Math.abs(f.x() - x0) < 1), "band at " + w);
        }
    }

    @Test
    void lanesFromTheLogMatchEveryThreadsContextStepByStep() {
        // The lanes are built from the log's context-change events alone; stepping a fresh machine and
        // reading each thread's context after every step must give the same context at every step's cycle
        // (the halted vCPU, the user-space VMM, stunned and forced-idle threads included).
        for (String policy : List.of("none", "asi-stun", "asi-stun-coresched", "l1d-flush-always+nosmt")) {
            SimSession s = ViewScenarios.open(ViewScenarios.twoCores(), policy);
            TimelineIndex index = TimelineIndex.of(s.simulation());
            Machine m = s.simulation().stateAt(0);
            int steps = 0;
            do {
                if (m.nextCycle() == m.cycle()) {
                    continue; // more steps at this cycle: the lane shows the cycle's last context
                }
                for (int cpu = 0; cpu < m.cpuCount(); cpu++) {
                    assertEquals(m.cpu(cpu).context(), index.contextAt(cpu, m.cycle()),
                            policy + ": cpu" + cpu + " at cycle " + m.cycle());
                }
                steps++;
            } while (m.step());
            assertTrue(steps > 100, policy + ": " + steps + " steps");
        }
    }
}
