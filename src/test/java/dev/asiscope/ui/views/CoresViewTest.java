package dev.asiscope.ui.views;

import dev.asiscope.scenario.ContextText;
import dev.asiscope.scenario.OperationText;
import dev.asiscope.scenario.EventText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.sim.security.ContextKind;
import dev.asiscope.sim.engine.Event;
import dev.asiscope.sim.engine.EventKind;
import dev.asiscope.sim.engine.HardwareThread;
import dev.asiscope.sim.engine.Machine;
import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import org.junit.jupiter.api.Test;

class CoresViewTest {
    private static RecordingDrawContext paint(CoresView v, SimSession s, Theme theme) {
        RecordingDrawContext g = new RecordingDrawContext();
        v.paint(g, 1600, 1000, s, theme);
        return g;
    }

    /** The first VM exit of {@code cpu} whose detail starts with {@code reason}. */
    private static Event exitOf(SimSession s, int cpu, String reason) {
        return s.simulation().log().ofKind(EventKind.VM_EXIT).stream()
                .filter(e -> e.cpu() == cpu && EventText.detail(e).startsWith(reason)).findFirst().orElseThrow();
    }

    @Test
    void everyCpuShowsItsContextAsTheEngineHasIt() {
        SimSession s = ViewScenarios.open(ViewScenarios.siblingL1tf(), "none");
        Event exit = exitOf(s, 1, "EXTERNAL_INTERRUPT");
        s.seek(exit.cycle());
        Machine m = s.machine();
        RecordingDrawContext g = paint(new CoresView(), s, Theme.LIGHT);
        assertEquals(ContextKind.HOST_KERNEL_FULL, m.cpu(1).context().kind());
        for (int i = 0; i < m.cpuCount(); i++) {
            String label = ContextText.of(m.cpu(i).context());
            assertTrue(g.hasText(label), "cpu" + i + " label '" + label + "' missing: " + g.texts());
        }
        assertTrue(g.hasText("host-kernel-full (vm1)"));
        assertTrue(g.hasText("in EXTERNAL_INTERRUPT handler (exit reason 1)"), g.texts().toString());
        assertTrue(g.hasText("guest vm2/vcpu0 kernel"));
        // The big label sits on a band of the context's colour.
        RecordingDrawContext.Call label = g.textsContaining("host-kernel-full (vm1)").get(0);
        assertTrue(g.fills(Theme.LIGHT.hostFull()).stream().anyMatch(f -> f.contains(label.x() + 2, label.y() - 4)),
                "the host-kernel-full label is not on a hostFull band");
    }

    @Test
    void hitTestingABandReturnsItsThread() {
        SimSession s = ViewScenarios.open(ViewScenarios.siblingL1tf(), "none");
        s.seek(exitOf(s, 1, "EXTERNAL_INTERRUPT").cycle());
        CoresView v = new CoresView();
        RecordingDrawContext g = paint(v, s, Theme.LIGHT);
        for (int cpu = 0; cpu < 2; cpu++) {
            RecordingDrawContext.Call label = g.textsContaining(ContextText.of(s.machine().cpu(cpu).context())).get(0);
            Object hit = v.hitTest(label.x() + 3, label.y() - 3, 1600, 1000, s);
            assertTrue(hit instanceof HardwareThread, "hit " + hit);
            assertEquals(cpu, ((HardwareThread) hit).id());
        }
    }

    @Test
    void asiStateTaintsAndStunningAreShown() {
        SimSession s = ViewScenarios.open(ViewScenarios.siblingL1tf(), "asi-stun");
        Event stun = s.simulation().log().ofKind(EventKind.STUN).get(0);
        s.seek(stun.cycle());
        Machine m = s.machine();
        HardwareThread stunned = m.cpu(stun.cpu());
        assertTrue(stunned.stunnedBy() >= 0);
        RecordingDrawContext g = paint(new CoresView(), s, Theme.LIGHT);
        assertTrue(g.hasText("STUNNED by cpu" + stunned.stunnedBy()), g.texts().toString());
        for (int i = 0; i < m.cpuCount(); i++) {
            assertTrue(g.hasText(CpuFacts.asiState(m.cpu(i))), CpuFacts.asiState(m.cpu(i)));
            assertTrue(g.hasText(dev.asiscope.scenario.AsiTaintText.of(m.cpu(i).taints())));
        }
        // The CPU that exited ASI carries KERNEL_DATA until its next flush.
        HardwareThread exiter = m.cpu(stunned.stunnedBy());
        assertEquals(null, exiter.currentAsi());
        assertTrue(g.hasText("unrestricted (full table)"));
    }

    @Test
    void offlineSiblingUnderNosmt() {
        SimSession s = ViewScenarios.open(ViewScenarios.siblingL1tf(), "nosmt");
        s.seek(s.simulation().endCycle() / 2);
        assertFalse(s.machine().cpu(1).online());
        RecordingDrawContext g = paint(new CoresView(), s, Theme.PROJECTOR);
        assertTrue(g.hasText("OFFLINE (nosmt)"));
        RecordingDrawContext.Call off = g.textsContaining("OFFLINE (nosmt)").get(0);
        assertTrue(g.fills(Theme.PROJECTOR.offline()).stream().anyMatch(f -> f.contains(off.x() + 2, off.y() - 4)));
    }

    @Test
    void flushRequestAndOperationProgress() {
        SimSession s = ViewScenarios.open(ViewScenarios.siblingL1tf(), "l1d-flush-cond");
        Event exit = exitOf(s, 1, "EXTERNAL_INTERRUPT");
        s.seek(exit.cycle() + 700);
        Machine m = s.machine();
        RecordingDrawContext g = paint(new CoresView(), s, Theme.LIGHT);
        long requests = java.util.stream.IntStream.range(0, m.cpuCount()).filter(i -> m.cpu(i).flushRequested()).count();
        assertTrue(requests > 0);
        long chips = g.texts().stream().filter(t -> t.equals("L1D flush requested") || t.equals("flush req")).count();
        assertEquals(requests, chips);
        for (int i = 0; i < m.cpuCount(); i++) {
            HardwareThread t = m.cpu(i);
            String operation = OperationText.of(t.activity());
            assertTrue(g.hasText(operation), operation);
            if (!t.finished() && t.operationEnd() != Long.MAX_VALUE) {
                String progress = Fmt.cycles(s.cycle() - t.operationStart()) + " / "
                        + Fmt.cycles(t.operationEnd() - t.operationStart()) + " cycles";
                assertTrue(g.hasText(progress), progress + " not in " + g.texts());
            }
        }
    }

    @Test
    void recentEventsListTheCpusOwnLog() {
        SimSession s = ViewScenarios.open(ViewScenarios.siblingL1tf(), "none");
        Event leak = s.simulation().log().ofKind(EventKind.LEAK).get(0);
        s.seek(leak.cycle());
        CoresView v = new CoresView();
        RecordingDrawContext g = paint(v, s, Theme.LIGHT);
        RecordingDrawContext.Call row = g.where(c -> c.kind() == RecordingDrawContext.Kind.TEXT
                && "leak".equals(c.text())).get(0);
        Object hit = v.hitTest(row.x() + 2, row.y() - 3, 1600, 1000, s);
        assertNotNull(hit);
        assertEquals(leak, hit);
    }
}
