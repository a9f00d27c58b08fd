package dev.asiscope.ui.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.scenario.PageFaultText;
import dev.asiscope.sim.security.AddressSpaceId;
import dev.asiscope.sim.engine.Event;
import dev.asiscope.sim.engine.EventKind;
import dev.asiscope.sim.engine.Leak;
import dev.asiscope.sim.engine.Machine;
import dev.asiscope.sim.kernel.PlacedRegion;
import dev.asiscope.sim.paging.AccessType;
import dev.asiscope.sim.paging.PagingLevel;
import dev.asiscope.sim.paging.WalkResult;
import dev.asiscope.sim.paging.WalkStep;
import dev.asiscope.sim.vmx.Ept;
import dev.asiscope.sim.vmx.GuestLayout;
import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageWalkViewTest {
    @Test
    void theWholeWalkIsDrawnAtEverySizeWithoutAskingForALargerView() {
        // At the L1TF leak (a guest walk, two-dimensional) and under ASI (a walk with its full-table comparison).
        for (String policy : new String[] {"none", "asi"}) {
            SimSession s = ViewScenarios.open(ViewScenarios.siblingL1tf(), policy);
            if (!s.simulation().end().leaks().isEmpty()) {
                s.seek(s.simulation().end().leaks().get(0).transientCycle());
                s.selectionProperty().set(s.simulation().end().leaks().get(0));
            } else {
                s.seek(s.simulation().endCycle() / 2);
            }
            for (Theme theme : new Theme[] {Theme.LIGHT, Theme.PROJECTOR}) {
                for (int w = 300; w <= 1900; w += 80) {
                    for (int h = 160; h <= 1100; h += 60) {
                        PageWalkView v = new PageWalkView();
                        RecordingDrawContext g = new RecordingDrawContext();
                        v.paint(g, w, h, s, theme);
                        final int fw = w;
                        final int fh = h;
                        assertTrue(g.texts().stream().noneMatch(t -> t.contains("enlarge")),
                                policy + " " + theme.id() + " " + fw + "x" + fh + ": " + g.texts());
                    }
                }
            }
        }
    }

    /**
     * At the L1TF leak's walk (a not-present PTE) the fault panel says the #PF and its error code's bits once:
     * the fault line already reads {@code #PF ec=0x0 (not-present) at pt}; an "error" row repeated it.
     */
    @Test
    void theFaultPanelStatesTheErrorCodeOnce() {
        SimSession s = ViewScenarios.open(ViewScenarios.siblingL1tf(), "none");
        s.seek(s.simulation().end().leaks().get(0).transientCycle());
        s.selectionProperty().set(s.simulation().end().leaks().get(0));
        RecordingDrawContext g = new RecordingDrawContext();
        new PageWalkView().paint(g, 1600, 1000, s, Theme.LIGHT);
        List<String> texts = g.texts();
        assertEquals(1, texts.stream().filter(t -> t.startsWith("#PF ec=")).count(), texts.toString());
        assertEquals(1, texts.stream().filter(t -> t.contains("(not-present")).count(), texts.toString());
    }

    @Test
    void aShortCompactWalkKeepsTheLastLevelThenTheResultThenTheLevelsAbove() {
        int r = PageWalkView.RESULT_LINE;
        int hidden = PageWalkView.HIDDEN_LINE;
        assertEquals(List.of(0, 1, 2, 3, r), PageWalkView.compactLines(4, 5));
        assertEquals(List.of(0, 1, 2, 3, r), PageWalkView.compactLines(4, 9));
        assertEquals(List.of(hidden, 2, 3, r), PageWalkView.compactLines(4, 4));
        assertEquals(List.of(hidden, 3, r), PageWalkView.compactLines(4, 3));
        assertEquals(List.of(3, r), PageWalkView.compactLines(4, 2));
        assertEquals(List.of(3), PageWalkView.compactLines(4, 1));
        assertEquals(List.of(), PageWalkView.compactLines(4, 0));
    }

    /**
     * A walk view squeezed to a sliver (a 1280x720 window at 130 %) still draws the entry the walk ended on,
     * where a leak's causal chain points: the L1TF leak's not-present PTE.
     */
    @Test
    void aTinyViewStillShowsTheEntryTheWalkEndedOn() {
        SimSession s = ViewScenarios.open(ViewScenarios.siblingL1tf(), "none");
        Leak leak = s.simulation().end().leaks().get(0);
        s.seek(leak.transientCycle());
        s.selectionProperty().set(leak);
        long entry = LeakParts.walkedEntry(leak, s.machine());
        for (Theme theme : new Theme[] {Theme.LIGHT, Theme.PROJECTOR}) {
            for (int w = 60; w <= 400; w += 85) {
                for (int h = 90; h <= 200; h += 10) {
                    PageWalkView v = new PageWalkView();
                    v.paint(new RecordingDrawContext(), w, h, s, theme);
                    var box = v.locate(dev.asiscope.ui.annotate.Anchor.pte(entry,
                            new dev.asiscope.ui.annotate.Rect(0, 0, 1, 1)), w, h, s);
                    assertTrue(box.isPresent() && box.get().maxY() <= h, theme.id() + " " + w + "x" + h + ": " + box);
                    assertTrue(v.hitTest(box.get().centerX(), box.get().centerY(), w, h, s) instanceof WalkStep st
                            && st.entryAddress() == entry, theme.id() + " " + w + "x" + h);
                    // The line saying what is left out counts the levels not drawn.
                    RecordingDrawContext g = new RecordingDrawContext();
                    v.paint(g, w, h, s, theme);
                    long drawnLevels = g.where(c -> c.text() != null
                            && c.text().matches("(PML4|PDPT|PD|PT) +\\d+ +0x.*")).size();
                    for (RecordingDrawContext.Call c : g.where(c -> c.text() != null && c.text().contains("above"))) {
                        long said = Long.parseLong(c.text().replaceAll("\\D+", ""));
                        assertEquals(4 - drawnLevels, said, theme.id() + " " + w + "x" + h + ": " + c.text());
                    }
                }
            }
        }
    }

    /**
     * The walk alone on a 1280x720 slide (the view about 1280x440) fills its room: the levels' lines in about
     * twice the normal type, each inside the view, the lowest line in its lower fifth; in a small grid pane
     * the same table keeps the normal size.
     */
    @Test
    void aWalkWithRoomToSpareIsDrawnInLargerType() {
        SimSession s = ViewScenarios.open(ViewScenarios.siblingL1tf(), "none");
        Leak leak = s.simulation().end().leaks().get(0);
        s.seek(leak.transientCycle());
        // (In the light theme that room holds the walk as boxes; the projector's type makes it the table.)
        for (Theme theme : new Theme[] {Theme.PROJECTOR}) {
            double w = 1280;
            double h = 440;
            RecordingDrawContext g = new RecordingDrawContext();
            new PageWalkView().paint(g, w, h, s, theme);
            List<RecordingDrawContext.Call> levels = g.where(c -> c.text() != null && c.text().matches("PT +0 +0x.*"));
            assertEquals(1, levels.size(), g.texts().toString());
            RecordingDrawContext.Call pt = levels.get(0);
            assertTrue(pt.size() >= theme.fontSize() * 0.85 * 1.8, theme.id() + ": larger type " + pt.size());
            double lowest = g.where(c -> c.text() != null && !c.text().isBlank()).stream()
                    .mapToDouble(RecordingDrawContext.Call::y).max().orElseThrow();
            assertTrue(lowest <= h && lowest >= h * 0.8, theme.id() + ": the table reaches down to " + lowest);

            RecordingDrawContext small = new RecordingDrawContext();
            new PageWalkView().paint(small, 300, 260, s, theme);
            RecordingDrawContext.Call ptSmall = small.where(c -> c.text() != null && c.text().matches("PT +0 +0x.*"))
                    .get(0);
            assertEquals(theme.fontSize() * 0.85, ptSmall.size(), 0.01, theme.id() + ": a small pane, normal type");
        }
    }

    @Test
    void listsFourLevelsWithTheRealEntryValues() {
        SimSession s = ViewScenarios.open(ViewScenarios.siblingL1tf(), "none");
        s.seek(1000);
        Machine m = s.machine();
        PlacedRegion secret = m.layout().region("host-secret");
        PageWalkView v = new PageWalkView();
        v.setTarget(secret.virtualBase() + 0x40, AddressSpaceId.FULL);
        RecordingDrawContext g = new RecordingDrawContext();
        v.paint(g, 1600, 1000, s, Theme.LIGHT);
        // An independent walk of the same table, without side effects.
        WalkResult r = m.walker().walk(m.cpu(0).registers().withCr3(m.layout().fullRoot()), secret.virtualBase() + 0x40,
                AccessType.READ, false, m.memory(), false);
        assertEquals(4, r.steps().size());
        for (WalkStep step : r.steps()) {
            assertTrue(g.hasText(Fmt.hex16(step.entry())), "entry " + Fmt.hex16(step.entry()));
            assertTrue(g.hasText(Fmt.hex16(step.entryAddress())), "entry address " + Fmt.hex16(step.entryAddress()));
            assertTrue(g.hasText("index " + step.level().indexOf(secret.virtualBase())));
        }
        for (String level : List.of("PML4 \u00b7 pgd", "PDPT \u00b7 pud", "PD \u00b7 pmd", "PT \u00b7 pte")) {
            assertTrue(g.hasText(level), level);
        }
        assertTrue(g.hasText(Fmt.hex16(secret.physicalBase() + 0x40)));
        assertTrue(g.hasText("supervisor only"));
        assertTrue(g.hasText("host-secret [host-secret]"));
        // Level boxes hit-test to their steps, in order, left to right.
        RecordingDrawContext.Call pt = g.textsContaining("PT \u00b7 pte").get(0);
        assertEquals(r.steps().get(3), v.hitTest(pt.x() + 5, pt.y() + 40, 1600, 1000, s));
    }

    @Test
    void anAsiExitIsWalkedInTheRestrictedTableThenInTheFullOne() {
        SimSession s = ViewScenarios.open(ViewScenarios.siblingL1tf(), "asi");
        Event exit = s.simulation().log().ofKind(EventKind.ASI_EXIT).stream().filter(e -> e.address() != -1)
                .findFirst().orElseThrow();
        s.seek(exit.cycle());
        PageWalkView v = new PageWalkView();
        ShownWalk w = v.shown(s);
        assertEquals(exit.address(), w.target().address());
        assertEquals(AddressSpaceId.restrictedVm(1), w.target().space());
        assertTrue(w.result().faulted());
        ShownWalk full = v.comparison(s);
        assertNotNull(full);
        assertEquals(AddressSpaceId.FULL, full.target().space());
        assertEquals(s.machine().layout().region("host-secret").physicalBase(), full.result().physicalAddress());
        RecordingDrawContext g = new RecordingDrawContext();
        v.paint(g, 1600, 1000, s, Theme.LIGHT);
        assertTrue(g.hasText(PageFaultText.of(w.result().fault())));
        assertTrue(g.hasText("FAULT"));
        assertTrue(g.hasText("translated"));
        assertTrue(g.hasText("asi_exit"));
        v.setCompareWithFull(false);
        assertNull(v.comparison(s));
    }

    @Test
    void aGuestWalkShowsEachTableReadThroughEpt() {
        SimSession s = ViewScenarios.open(ViewScenarios.siblingL1tf(), "none");
        s.seek(s.simulation().endCycle() / 2);
        Machine m = s.machine();
        GuestLayout guest = m.layout().guest(2);
        PageWalkView v = new PageWalkView();
        v.setTarget(GuestLayout.WORKING_SET_BASE + 0x80, new AddressSpaceId.Guest(2));
        ShownWalk w = v.shown(s);
        assertEquals(4, w.result().steps().size());
        assertEquals(4, w.ept().size());
        for (int i = 0; i < 4; i++) {
            WalkStep step = w.result().steps().get(i);
            EptTranslation e = w.ept().get(i);
            assertEquals(step.entryAddress(), e.guestPhysical());
            assertEquals(Ept.translate(m.memory(), guest.eptRoot(), e.guestPhysical(), Ept.R), e.hostPhysical());
            assertEquals(m.memory().readQword(e.hostPhysical()), step.entry());
        }
        assertEquals(guest.hostPhysical(GuestLayout.WORKING_SET_BASE + 0x80), w.hostPhysical());
        RecordingDrawContext g = new RecordingDrawContext();
        v.paint(g, 1600, 1000, s, Theme.LIGHT);
        EptTranslation first = w.ept().get(0);
        assertTrue(g.hasText("gpa " + Fmt.hex(first.guestPhysical()) + " \u2192 hpa " + Fmt.hex(first.hostPhysical())));
        assertTrue(g.hasText(Fmt.hex16(w.hostPhysical())));
    }

    @Test
    void aSelectedL1tfLeakShowsTheGuestsNotPresentPteNamingTheSecret() {
        SimSession s = ViewScenarios.open(ViewScenarios.siblingL1tf(), "none");
        Leak leak = s.simulation().end().leaks().get(0);
        s.seek(leak.reloadCycle());
        s.selectionProperty().set(leak);
        PageWalkView v = new PageWalkView();
        ShownWalk w = v.shown(s);
        assertEquals(new AddressSpaceId.Guest(2), w.target().space());
        assertEquals("guest vm2", w.target().spaceName());
        assertTrue(w.result().faulted());
        assertTrue(w.result().fault().isTerminal());
        assertEquals(PagingLevel.PT, w.result().fault().level());
        assertEquals(leak.physicalAddress(), w.result().terminalPhysicalAddress());
        RecordingDrawContext g = new RecordingDrawContext();
        v.paint(g, 1600, 1000, s, Theme.LIGHT);
        assertTrue(g.hasText("P=0: not present, the walk stops here"));
        assertTrue(g.textsContaining("as a host address").size() > 0, g.texts().toString());
    }

    @Test
    void anUnknownSpaceIsReportedNotThrown() {
        SimSession s = ViewScenarios.open(ViewScenarios.sameThreadL1tf(), "none");
        PageWalkView v = new PageWalkView();
        v.setTarget(0x1000, AddressSpaceId.restrictedVm(9));
        RecordingDrawContext g = new RecordingDrawContext();
        v.paint(g, 1600, 1000, s, Theme.LIGHT);
        assertTrue(g.hasText("no address space 'restricted vm9'"), g.texts().toString());
        v.clearTarget();
        assertNull(v.target());
        assertNotNull(v.shown(s));
    }
}
