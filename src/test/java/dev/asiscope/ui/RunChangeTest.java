package dev.asiscope.ui;

import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import dev.asiscope.ui.core.MachineView;
import dev.asiscope.scenario.EventText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.sim.engine.Event;
import dev.asiscope.sim.engine.EventKind;
import dev.asiscope.sim.engine.Leak;
import dev.asiscope.sim.engine.Simulation;
import dev.asiscope.ui.draw.SvgDrawContext;
import dev.asiscope.ui.export.StandardViews;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * A run change (another policy, a reload) leaves nothing of the old run in the window: every view draws
 * exactly what a fresh instance of it draws for the new run, the inspector, the narration, the leak list
 * and the event table describe the new run, and a selection survives only as the same thing of the new
 * run.
 */
@ExtendWith(ApplicationExtension.class)
class RunChangeTest {
    @TempDir
    Path dir;
    MainWindow window;

    @Start
    void start(Stage stage) {
        window = WindowFixture.show(stage, null, StandardViews.all());
    }

    @BeforeEach
    void open(FxRobot robot) throws Exception {
        Path scenario = dir.resolve("asi-stun.json");
        Files.copy(Path.of("sample-traces/asi-stun.json"), scenario);
        robot.interact(() -> assertTrue(window.openFile(scenario)));
        Runs.await(window);
        // ASI without stunning leaks host-secret through the sibling (the scenario's own expectation).
        robot.interact(() -> assertTrue(window.applyPolicy("asi")));
        Runs.await(window);
        assertFalse(window.session().simulation().end().leaks().isEmpty());
    }

    @AfterEach
    void close(FxRobot robot) {
        robot.interact(window::dispose);
    }

    @Test
    void aPolicyChangeLeavesNothingOfTheOldRun(FxRobot robot) {
        robot.interact(() -> window.events().focusLeaks());
        Leak leak = (Leak) window.session().selectionProperty().get();
        assertNotNull(leak);
        assertTrue(window.inspector().shownText().startsWith("Leak of host-secret"), window.inspector().shownText());
        robot.interact(() -> window.setCompare(true));
        Runs.await(window);
        Simulation old = window.session().simulation();
        String oldCaption = window.narration().titleText();

        robot.interact(() -> assertTrue(window.applyPolicy("l1d-flush-always+nosmt")));
        Runs.await(window);
        Simulation now = window.session().simulation();
        assertFalse(now == old);
        assertFalse(now.policy().smt());

        // The leak does not happen under the new policy: nothing is selected, and the window says why.
        assertNull(window.session().selectionProperty().get());
        String inspector = window.inspector().shownText();
        assertTrue(inspector.startsWith("Nothing selected"), inspector);
        assertFalse(inspector.contains("host-secret") || inspector.contains("cpu1"), inspector);
        assertTrue(window.transport().messageProperty().get().contains("does not happen in this run"),
                window.transport().messageProperty().get());
        // Lists and the table are those of the new run.
        assertSame(now, window.events().shownRun());
        assertEquals(now.end().leaks(), window.events().leaks());
        assertEquals(now.log().size(), window.events().rows().size());
        // The narration is placed on the new run.
        NarrationTrack fresh = NarrationTrack.resolve(window.session().scenario().narration(), now.log());
        assertEquals(fresh.captions(), window.narration().track().captions());
        int at = fresh.indexAt(window.session().cycle());
        assertEquals(at < 0 ? window.narration().titleText() : fresh.captions().get(at).narration().title(),
                window.narration().titleText());
        assertNotNull(oldCaption);
        // Every view of the window and of the comparison draws what a fresh one draws for the new run.
        assertViewsFresh(robot, window.viewPanes(), window.session());
        ComparisonPane c = window.comparison();
        assertSame(window.session().scenario(), c.rightSession().scenario());
        assertEquals(c.alignment().otherCycle(), c.rightSession().cycle());
        assertEquals(window.session().cycle(), c.alignment().cycle(), "aligned from the new left cursor");
        assertTrue(c.leftHeaderText().startsWith("l1d-flush-always+nosmt: leaks 0"), c.leftHeaderText());
        List<ViewPane> panes = c.viewPanes();
        assertViewsFresh(robot, panes.subList(0, panes.size() / 2), window.session());
        assertViewsFresh(robot, panes.subList(panes.size() / 2, panes.size()), c.rightSession());
    }

    @Test
    void aSelectionSurvivesAsTheSameThingOfTheNewRun(FxRobot robot) {
        Simulation old = window.session().simulation();
        // The 3rd VM exit of the vCPU that made the first exit.
        List<Event> exits = old.log().ofKind(EventKind.VM_EXIT);
        Event third = exits.get(2);
        robot.interact(() -> window.session().selectionProperty().set(third));
        robot.interact(() -> window.applyPolicy("asi-stun"));
        Runs.await(window);
        Object sel = window.session().selectionProperty().get();
        assertTrue(sel instanceof Event, String.valueOf(sel));
        Event there = (Event) sel;
        Simulation now = window.session().simulation();
        assertEquals(there, now.log().get(there.seq()), "an event of the new log");
        assertEquals(EventKind.VM_EXIT, there.kind());
        assertEquals(EventText.detail(third), EventText.detail(there), "the same exit of the same vCPU: same reason");
        assertTrue(window.inspector().shownText().contains(String.format("%,d", there.cycle())));

        // A CPU stays selected; under nosmt the inspector says it is offline.
        robot.interact(() -> window.session().selectionProperty().set(1));
        robot.interact(() -> window.applyPolicy("l1d-flush-always+nosmt"));
        Runs.await(window);
        assertEquals(1, window.session().selectionProperty().get());
        assertTrue(window.inspector().shownText().contains("online: false"), window.inspector().shownText());
    }

    @Test
    void aCancelledRunLeavesTheWindowAsItWas(FxRobot robot) {
        Simulation before = window.session().simulation();
        AtomicReference<Boolean> started = new AtomicReference<>();
        robot.interact(() -> {
            started.set(window.applyPolicy("l1d-flush-always+nosmt"));
            window.keymap().run(new Keymap.Hit(Action.STOP, 0));
        });
        Runs.await(window);
        assertTrue(started.get());
        assertSame(before, window.session().simulation());
        assertEquals("asi", window.session().policyName());
        assertFalse(window.runs().isRunning());
    }

    /** Paints each pane's view and a fresh instance of it for {@code s} to SVG: they must be identical. */
    static void assertViewsFresh(FxRobot robot, List<ViewPane> panes, SimSession s) {
        for (ViewPane p : panes) {
            AtomicReference<String[]> svg = new AtomicReference<>();
            robot.interact(() -> {
                p.paint();
                MachineView mine = p.view();
                MachineView fresh = StandardViews.byId(mine.id()).orElseThrow();
                double w = Math.max(200, p.canvasSize()[0]);
                double h = Math.max(150, p.canvasSize()[1]);
                svg.set(new String[] {draw(mine, s, w, h), draw(fresh, s, w, h)});
            });
            assertEquals(svg.get()[1], svg.get()[0], mine(p) + " draws something a fresh view does not");
        }
    }

    private static String mine(ViewPane p) {
        return "view " + p.view().id();
    }

    private static String draw(MachineView v, SimSession s, double w, double h) {
        SvgDrawContext g = new SvgDrawContext();
        v.paint(g, w, h, s, Theme.LIGHT);
        return g.toSvg(w, h, Map.of());
    }
}
