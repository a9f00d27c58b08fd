package dev.asiscope.ui;

import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import dev.asiscope.scenario.EventText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.scenario.ScenarioException;
import dev.asiscope.scenario.ScenarioContents;
import dev.asiscope.scenario.ScenarioLoader;
import dev.asiscope.sim.engine.Event;
import dev.asiscope.sim.engine.EventKind;
import dev.asiscope.sim.engine.EventLog;
import dev.asiscope.sim.engine.Leak;
import dev.asiscope.sim.engine.Simulation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The window against the engine: what it shows must be what the simulation says. */
class MainWindowTest {
    /** One window for the class (building a scene costs more than a test); each test reopens the scenario. */
    private static MainWindow window;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void startWindow() throws Exception {
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(stage -> {
            window = WindowFixture.show(stage, BuiltInScenarios.defaultScenario(),
                    dev.asiscope.ui.export.StandardViews.all());
        });
    }

    @BeforeEach
    void reset() {
        robot.interact(() -> {
            window.setCompare(false);
            if (window.maximizedView() != null) {
                window.toggleMaximized(window.maximizedView());
            }
            window.setGuided(false);
            window.showShortcuts(false);
            window.appearance().setTheme("light");
            window.appearance().setZoom(1);
            window.events().clearFilter();
            window.transport().stopAtBreakpointsProperty().set(true);
            window.open(BuiltInScenarios.defaultScenario());
            window.transport().stepUnitProperty().set(StepUnit.CYCLE);
            window.root().requestFocus();
        });
    }

    @AfterEach
    void tearDown() {
        robot.interact(window::dispose);
        ScenarioFiles.loader = ScenarioContents::loadRunnable;
    }

    @AfterAll
    static void closeWindow() throws Exception {
        FxToolkit.cleanupStages();
    }

    private Simulation sim() {
        return window.session().simulation();
    }

    private String text(String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    private long cycle() {
        return window.session().cycle();
    }

    @Test
    void showsTheEngineTotalsTheLogAndTheOpeningCaption() throws Exception {
        // Repaint cost of the whole window (every view once), warm: reported, not asserted.
        for (int i = 0; i < 3; i++) {
            long at = (i + 1) * 40_000L;
            robot.interact(() -> window.session().seek(at));
            robot.interact(() -> {
                long t0 = System.nanoTime();
                window.viewPanes().forEach(ViewPane::paint);
                if (at == 120_000L) {
                    System.out.printf("full repaint of %d views at 1280x800: %.1f ms%n", window.viewPanes().size(),
                            (System.nanoTime() - t0) / 1e6);
                }
            });
        }
        robot.interact(() -> window.transport().home());
        int leaks = sim().end().leaks().size();
        assertTrue(leaks > 0, "the default scenario leaks under none");
        assertEquals("leaks 0/" + leaks, text("#statusLeaks"));
        assertEquals("policy none", text("#statusPolicy"));
        TableView<?> table = robot.lookup("#eventTable").queryAs(TableView.class);
        assertEquals(sim().log().size(), table.getItems().size());
        assertEquals("Two VMs, one core", window.narration().titleText());
        assertEquals(leaks, robot.lookup("#leakList").queryAs(ListView.class).getItems().size());
        assertEquals(sim().end().exposures().size(),
                robot.lookup("#exposureList").queryAs(ListView.class).getItems().size());
    }

    @Test
    void stepsByCycleAndByEventBothWays() {
        robot.clickOn("#stepForward");
        assertEquals(1, cycle());
        robot.type(KeyCode.SPACE);
        assertEquals(2, cycle());
        robot.press(KeyCode.SHIFT).type(KeyCode.SPACE).release(KeyCode.SHIFT);
        assertEquals(1, cycle());
        robot.type(KeyCode.SPACE);
        robot.interact(() -> robot.lookup("#stepBack").queryButton().fire());
        robot.interact(() -> robot.lookup("#stepBack").queryButton().fire());
        assertEquals(0, cycle());
        long first = sim().log().get(sim().log().countUpTo(0)).cycle();
        robot.type(KeyCode.RIGHT);
        assertEquals(first, cycle());
        robot.type(KeyCode.RIGHT);
        long second = sim().log().get(sim().log().countUpTo(first)).cycle();
        assertEquals(second, cycle());
        robot.type(KeyCode.LEFT);
        assertEquals(first, cycle());
        assertEquals(String.format("cycle %,d / %,d", first, sim().endCycle()), text("#statusCycle"));
        robot.type(KeyCode.END);
        assertEquals(sim().endCycle(), cycle());
        robot.type(KeyCode.HOME);
        assertEquals(0, cycle());
    }

    @Test
    void continueStopsAtTheFirstLeakAndReverseContinueGoesBack() {
        EventLog log = sim().log();
        Event firstLeak = log.ofKind(EventKind.LEAK).get(0);
        robot.press(KeyCode.CONTROL).type(KeyCode.RIGHT).release(KeyCode.CONTROL);
        // The scenario's breakpoints are leak and ASI exit; under none there is no ASI exit.
        assertEquals(firstLeak.cycle(), cycle());
        assertEquals("leaks 1/" + sim().end().leaks().size(), text("#statusLeaks"));
        assertEquals("Leaked", window.narration().titleText());
        assertTrue(text("#statusMessage").startsWith("breakpoint:"), text("#statusMessage"));
        robot.clickOn("#continue");
        Event secondLeak = log.ofKind(EventKind.LEAK).get(1);
        assertEquals(secondLeak.cycle(), cycle());
        robot.press(KeyCode.CONTROL).type(KeyCode.LEFT).release(KeyCode.CONTROL);
        assertEquals(firstLeak.cycle(), cycle());
    }

    @Test
    void continuesToTheNextAsiExitUnderAsi() {
        robot.interact(() -> window.applyPolicy("asi-stun"));
        Runs.await(window);
        robot.interact(() -> window.breakpoints().entries().removeIf(
                e -> e.breakpoint().kind() != EventKind.ASI_EXIT));
        Event exit = sim().log().ofKind(EventKind.ASI_EXIT).get(0);
        robot.interact(window.transport()::continueToBreakpoint);
        assertEquals(exit.cycle(), cycle());
        assertEquals("ASI exits 1/" + sim().end().asiExits(), text("#statusAsiExits"));
        assertEquals("ASI exit", window.narration().titleText());
        robot.interact(window.transport()::stepForward);
        robot.interact(() -> window.transport().goTo(sim().log().ofKind(EventKind.UNSTUN).get(0).cycle()));
        assertEquals("Sibling released after the flush", window.narration().titleText());
    }

    @Test
    void selectingALeakShowsItsCausalChainInTheInspector() {
        robot.interact(() -> robot.lookup("#eventTable").queryAs(TableView.class).getParent());
        robot.interact(() -> window.events().node().getSelectionModel().select(1));
        @SuppressWarnings("unchecked")
        ListView<Leak> leaks = robot.lookup("#leakList").queryAs(ListView.class);
        robot.clickOn(robot.lookup("#leakList .list-cell").nth(0).queryAs(javafx.scene.Node.class));
        Leak l = sim().end().leaks().get(0);
        assertEquals(l, leaks.getSelectionModel().getSelectedItem());
        assertEquals(l.reloadCycle(), cycle());
        String shown = window.inspector().shownText();
        assertTrue(shown.contains("Leak of host-secret"), shown);
        assertTrue(shown.contains("flush+reload found probe line"), shown);
        assertTrue(shown.contains(EventText.missing(l.missingMitigation())), shown);
    }

    @Test
    void clickingAnEventRowSelectsItAndMovesTheCursor() {
        TableView<?> table = robot.lookup("#eventTable").queryAs(TableView.class);
        robot.interact(() -> table.getSelectionModel().select(20));
        Event e = sim().log().get(20);
        assertEquals(e, window.session().selectionProperty().get());
        assertEquals(e.cycle(), cycle());
        assertTrue(window.inspector().shownText().contains(EventText.title(e.kind())), window.inspector().shownText());
        robot.interact(() -> window.session().selectionProperty().set(1));
        assertTrue(window.inspector().shownText().startsWith("cpu1"), window.inspector().shownText());
    }

    @Test
    void eventTableMarksTheCursorsRowsAndScrollsOnlyWhenItsRowLeavesTheScreen() {
        @SuppressWarnings("unchecked")
        TableView<Integer> table = robot.lookup("#eventTable").queryAs(TableView.class);
        // The views give the table most of the centre's height, so that it shows a screenful of rows.
        javafx.scene.control.SplitPane centre = (javafx.scene.control.SplitPane) window.events().node().getParent()
                .getParent();
        double share = centre.getDividerPositions()[0];
        robot.interact(() -> centre.setDividerPositions(0.2));
        try {
            followsTheCursor(table);
        } finally {
            robot.interact(() -> centre.setDividerPositions(share));
        }
    }

    private void followsTheCursor(TableView<Integer> table) {
        robot.interact(() -> window.transport().goTo(sim().log().get(40).cycle()));
        settlePulses();
        int first = fx(() -> firstVisibleRow(table));
        int last = fx(() -> ((javafx.scene.control.skin.VirtualFlow<?>) table.lookup(".virtual-flow"))
                .getLastVisibleCell().getIndex());
        // The cursor's row is on screen: rows at the cursor are marked, later ones greyed, earlier ones plain.
        for (javafx.scene.Node n : table.lookupAll(".table-row-cell")) {
            javafx.scene.control.TableRow<?> row = (javafx.scene.control.TableRow<?>) n;
            if (row.isEmpty() || row.getItem() == null) {
                continue;
            }
            long c = sim().log().cycleOf((Integer) row.getItem());
            assertEquals(c == cycle(), EventsPanel.isAtCursor(row), "row " + row.getItem());
            assertEquals(c > cycle(), EventsPanel.isFuture(row), "row " + row.getItem());
        }
        // The next cycle with an event: its row is still on screen, so the table does not move (a scroll
        // lays every row out again).
        int before = window.events().rows().rowAtOrBefore(cycle());
        int next = 41;
        while (sim().log().get(next).cycle() == cycle()) {
            next++;
        }
        long nextCycle = sim().log().get(next).cycle();
        robot.interact(() -> window.transport().goTo(nextCycle));
        settlePulses();
        int after = window.events().rows().rowAtOrBefore(cycle());
        assertTrue(after > before && after < last, before + " -> " + after + ", rows shown " + first + "-" + last);
        assertEquals(first, (int) fx(() -> firstVisibleRow(table)));
        // Far on: the table scrolls so that the cursor's row shows.
        int far = sim().log().size() - 50;
        robot.interact(() -> window.transport().goTo(sim().log().get(far).cycle()));
        settlePulses();
        int row = window.events().rows().rowAtOrBefore(cycle());
        int top = fx(() -> firstVisibleRow(table));
        assertTrue(row >= top && row <= top + 30, "row " + row + " shown from " + top);
        // A filter replaces the rows: the table shows the cursor's row of the new list.
        robot.interact(() -> window.events().setKindFilter(Set.of(EventKind.VM_EXIT)));
        settlePulses();
        int filtered = window.events().rows().rowAtOrBefore(cycle());
        int shownFrom = fx(() -> firstVisibleRow(table));
        assertTrue(filtered >= shownFrom && filtered <= shownFrom + 30, "row " + filtered + " shown from " + shownFrom);
        robot.interact(() -> window.events().clearFilter());
    }

    /** Lets the views paint and the event table follow the cursor (it does on the pulse after the views). */
    private void settlePulses() {
        for (int i = 0; i < 3; i++) {
            WaitForAsyncUtils.waitForFxEvents();
            robot.sleep(40);
        }
    }

    private static int firstVisibleRow(TableView<?> table) {
        return ((javafx.scene.control.skin.VirtualFlow<?>) table.lookup(".virtual-flow")).getFirstVisibleCell()
                .getIndex();
    }

    private <T> T fx(java.util.concurrent.Callable<T> c) {
        return WindowFixture.fx(robot, c);
    }

    @Test
    void switchingPolicyRerunsAndKeepsTheCursor() {
        robot.interact(() -> window.transport().goTo(50_000));
        @SuppressWarnings("unchecked")
        ComboBox<String> box = robot.lookup("#policyBox").queryAs(ComboBox.class);
        robot.interact(() -> box.getEditor().clear());
        robot.clickOn(box.getEditor()).write("asi+nosmt").type(KeyCode.ENTER);
        Runs.await(window);
        assertEquals(50_000, cycle());
        assertFalse(sim().policy().smt());
        assertTrue(sim().policy().asi());
        assertEquals("policy asi+nosmt", text("#statusPolicy"));
        assertEquals("leaks 0/" + sim().end().leaks().size(), text("#statusLeaks"));
        assertEquals(0, sim().end().leaks().size());
        assertEquals(sim().log().size(), robot.lookup("#eventTable").queryAs(TableView.class).getItems().size());

        robot.interact(() -> window.applyPolicy("asi-stun+bogus"));
        assertTrue(box.getStyleClass().contains("error-field"));
        assertTrue(text("#statusMessage").contains("unknown policy 'bogus'"), text("#statusMessage"));
        assertFalse(sim().policy().smt(), "a bad name leaves the run as it was");
    }

    @Test
    void filtersTheEventTableByTextKindAndCpu() {
        TableView<?> table = robot.lookup("#eventTable").queryAs(TableView.class);
        robot.interact(() -> window.events().setTextFilter("host-secret"));
        EventLog log = sim().log();
        long expected = 0;
        for (int i = 0; i < log.size(); i++) {
            Event e = log.get(i);
            if ((EventText.detail(e) != null && EventText.detail(e).contains("host-secret"))
                    || (e.label() != null && e.label().name().contains("host-secret"))) {
                expected++;
            }
        }
        assertTrue(expected > 0);
        assertEquals(expected, table.getItems().size());
        robot.interact(() -> window.events().setTextFilter(""));
        robot.interact(() -> window.events().setKindFilter(Set.of(EventKind.VM_EXIT)));
        assertEquals(log.count(EventKind.VM_EXIT), table.getItems().size());
        @SuppressWarnings("unchecked")
        ComboBox<String> cpu = robot.lookup("#cpuFilter").queryAs(ComboBox.class);
        robot.interact(() -> cpu.setValue("cpu1"));
        long onCpu1 = log.ofKind(EventKind.VM_EXIT).stream().filter(e -> e.cpu() == 1).count();
        assertEquals(onCpu1, table.getItems().size());
        assertEquals(String.format("%,d of %,d events", onCpu1, log.size()), text("#eventCount"));
    }

    @Test
    void goToCycleFromTheKeyboard() {
        robot.type(KeyCode.G);
        TextField field = robot.lookup("#cycleField").queryAs(TextField.class);
        assertTrue(field.isFocused());
        robot.write("12345").type(KeyCode.ENTER);
        assertEquals(12_345, cycle());
        assertEquals("12345", field.getText());
    }

    @Test
    void themeAndZoomFollowTheKeys() {
        robot.type(KeyCode.T);
        assertEquals(Theme.DARK, window.appearance().theme());
        assertEquals("dark", robot.lookup("#themeBox").queryAs(javafx.scene.control.ChoiceBox.class).getValue());
        robot.interact(() -> window.appearance().setTheme("projector"));
        assertEquals(Theme.PROJECTOR, window.appearance().theme());
        assertTrue(window.root().getStylesheets().stream().anyMatch(s -> s.endsWith("projector.css")));
        robot.write("+");
        assertEquals(1.1, window.appearance().zoom(), 1e-9);
        assertEquals("110%", text("#zoomLabel"));
        robot.write("-").write("-");
        assertEquals(0.9, window.appearance().zoom(), 1e-9);
        assertTrue(window.root().getStyle().contains("-fx-font-size: 16.2px"), window.root().getStyle());
        robot.interact(() -> window.appearance().setTheme("light"));
        robot.interact(() -> window.appearance().setZoom(1));
    }

    /** The area of the views' grid on screen, after a layout pass. */
    private double viewsArea() {
        double[] a = new double[1];
        robot.interact(() -> {
            window.root().applyCss();
            window.root().layout();
            javafx.scene.layout.Region v = robot.lookup("#viewsArea").queryAs(javafx.scene.layout.Region.class);
            a[0] = v.getWidth() * v.getHeight();
        });
        return a[0];
    }

    @Test
    void theProjectorThemeGivesTheViewsMoreOfTheWindow() {
        double light = viewsArea();
        robot.interact(() -> window.appearance().setTheme("projector"));
        double projector = viewsArea();
        assertTrue(projector > light * 1.15, "views " + projector + " px^2 in projector type, " + light + " in light");
        robot.interact(() -> window.appearance().setTheme("dark"));
        assertEquals(light, viewsArea(), light * 0.01, "light and dark share one layout");
        robot.interact(() -> window.appearance().setTheme("light"));
    }

    @Test
    void numberKeysShowOneViewAloneAndRestoreTheGrid() {
        robot.type(KeyCode.DIGIT2);
        ViewPane caches = window.viewPanes().get(1);
        assertEquals(caches, window.maximizedView());
        assertEquals("caches", caches.view().id());
        robot.type(KeyCode.DIGIT1);
        assertEquals(window.viewPanes().get(0), window.maximizedView());
        robot.type(KeyCode.DIGIT1);
        assertEquals(null, window.maximizedView());
        assertTrue(caches.getScene() != null && window.viewPanes().get(0).getScene() != null);
    }

    @Test
    void clickingATimelineLaneScrubsTheCursor() {
        ViewPane timeline = window.viewPanes().stream().filter(p -> p.view().id().equals("timeline")).findFirst()
                .orElseThrow();
        robot.interact(timeline::paint);
        double w = timeline.canvas().getWidth();
        double h = timeline.canvas().getHeight();
        Object hit = null;
        double x = 0;
        double y = 0;
        search:
        for (double fy = 0.05; fy < 1; fy += 0.05) {
            for (double fx = 0.5; fx < 1; fx += 0.05) {
                x = w * fx;
                y = h * fy;
                hit = timeline.hitTest(x, y);
                if (hit instanceof dev.asiscope.ui.views.TimelineView.LanePoint) {
                    break search;
                }
            }
        }
        assertTrue(hit instanceof dev.asiscope.ui.views.TimelineView.LanePoint, String.valueOf(hit));
        long expected = ((dev.asiscope.ui.views.TimelineView.LanePoint) hit).cycle();
        robot.clickOn(timeline.canvas().localToScreen(x, y));
        // The robot's click may land a pixel off: allow two pixels' worth of cycles.
        double perPixel = (double) sim().endCycle() / w;
        assertTrue(Math.abs(cycle() - expected) <= 2 * perPixel + 1, cycle() + " vs " + expected);
        assertTrue(cycle() > 0);
    }

    @Test
    void guidedModeStepsByCaption() {
        robot.type(KeyCode.M);
        assertEquals(StepUnit.NARRATION, window.transport().stepUnitProperty().get());
        assertTrue(robot.lookup("#nextEvent").queryButton().isDisabled());
        NarrationTrack track = window.narration().track();
        robot.type(KeyCode.SPACE);
        assertEquals(track.captions().get(1).cycle(), cycle());
        assertEquals(track.captions().get(1).narration().title(), window.narration().titleText());
        robot.type(KeyCode.SPACE);
        assertEquals(track.captions().get(2).cycle(), cycle());
        robot.press(KeyCode.SHIFT).type(KeyCode.SPACE).release(KeyCode.SHIFT);
        assertEquals(track.captions().get(1).cycle(), cycle());
        robot.type(KeyCode.M);
        assertFalse(robot.lookup("#nextEvent").queryButton().isDisabled());
    }

    @Test
    void shortcutCardOpensWithF1AndClosesWithAnyKey() {
        robot.type(KeyCode.F1);
        assertTrue(window.shortcutsShowing());
        long c = cycle();
        robot.type(KeyCode.SPACE);
        assertFalse(window.shortcutsShowing());
        assertEquals(c, cycle(), "the key that closes the card does nothing else");
        robot.write("?");
        assertTrue(window.shortcutsShowing());
        robot.type(KeyCode.ESCAPE);
        assertFalse(window.shortcutsShowing());
    }

    @Test
    void manyCursorMovesInOnePulseRepaintEachViewOnce() throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(100);
        ViewPane pane = window.viewPanes().get(0);
        long before = pane.paintCount();
        robot.interact(() -> {
            for (int i = 1; i <= 200; i++) {
                window.session().seek(i * 100L);
            }
            assertTrue(pane.isDirty());
        });
        WaitForAsyncUtils.waitFor(2, TimeUnit.SECONDS, () -> !pane.isDirty());
        Thread.sleep(100);
        long painted = pane.paintCount() - before;
        assertTrue(painted >= 1 && painted <= 2, "repaints: " + painted);
    }

    @Test
    void runAdvancesAndStopsAtABreakpoint() {
        Event firstLeak = sim().log().ofKind(EventKind.LEAK).get(0);
        robot.interact(() -> {
            window.transport().speedLogProperty().set(7);
            window.transport().run();
            window.transport().advance(0.1);
        });
        assertEquals(firstLeak.cycle(), cycle());
        assertFalse(window.transport().runningProperty().get());
        robot.interact(() -> {
            window.transport().stopAtBreakpointsProperty().set(false);
            window.transport().run();
            window.transport().advance(0.1);
        });
        assertEquals(sim().endCycle(), cycle());
    }

    @Test
    void comparisonModeRunsTheContrastingPolicyAlignedByEvent() {
        robot.type(KeyCode.C);
        Runs.await(window);
        assertTrue(window.comparison().isActive());
        assertNotNull(robot.lookup("#comparePane").tryQuery().orElse(null));
        SimSession right = window.comparison().rightSession();
        assertFalse(sim().end().leaks().isEmpty(), "the built-in scenario leaks under its own policy");
        assertEquals(0, right.simulation().end().leaks().size(), "the default right side is one that does not leak");
        assertFalse(right.policyName().equals(window.session().policyName()));
        robot.type(KeyCode.RIGHT);
        assertEquals(window.comparison().alignment().otherCycle(), right.cycle());
        robot.interact(() -> window.transport().goTo(200_000));
        StoryIndex.Alignment a = window.comparison().alignment();
        assertEquals(200_000, a.cycle());
        assertEquals(a.otherCycle(), right.cycle());
        if (a.here() != null) {
            assertEquals(a.here().name(), a.there().name(), "both sides at the same moment of the story");
            assertEquals(right.cycle() - a.there().cycle(), 200_000 - a.here().cycle());
        }
        assertTrue(window.comparison().alignedAtText().startsWith("aligned "), window.comparison().alignedAtText());
        String header = window.comparison().rightHeaderText();
        assertTrue(header.startsWith(right.policyName() + ": leaks 0 so far, 0 in all \u00b7 exposure "), header);
        assertTrue(header.contains("mitigation work "), header);
        assertTrue(window.comparison().leftHeaderText().startsWith("none: leaks "), window.comparison().leftHeaderText());
        robot.type(KeyCode.C);
        assertFalse(window.comparison().isActive());
    }

    @Test
    void fileErrorsAreOneLineAndGoodFilesGoToRecentAndReloadOnChange(@TempDir Path dir)
            throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{}");
        ScenarioFiles.loader = f -> {
            throw new ScenarioException(f.toString(), 3, 5, "$.cpus[0]", "expected an object");
        };
        robot.interact(() -> window.openFile(bad));
        assertEquals(bad + ":3:5: $.cpus[0]: expected an object", window.lastError());
        assertFalse(window.lastError().contains("\n"));
        robot.interact(() -> robot.listWindows().stream().filter(w -> w != window.root().getScene().getWindow())
                .forEach(w -> ((Stage) w).close()));

        Path good = dir.resolve("good.json");
        Files.writeString(good, "{\"v\":1}");
        int[] loads = {0};
        ScenarioFiles.loader = f -> {
            loads[0]++;
            LoadedScenario s = BuiltInScenarios.sameThreadL1tf();
            return new LoadedScenario(f, s.name() + " v" + loads[0], s.description(), s.spec(), s.policyName(),
                    s.policy(), s.narration(), s.breakpoints(), s.guidedStep(), s.expectations(), s.raw());
        };
        RecentFiles recent = new RecentFiles(dir.resolve("cfg/recent.json"));
        robot.interact(() -> window.setRecentFiles(recent));
        robot.interact(() -> window.openFile(good));
        Runs.await(window);
        assertEquals("Same-thread L1TF v1", window.session().scenario().name());
        assertEquals(good.toAbsolutePath().normalize(), new RecentFiles(dir.resolve("cfg/recent.json")).paths().get(0));
        robot.interact(() -> window.transport().goTo(1000));
        Files.writeString(good, "{\"v\":2}");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> loads[0] >= 2);
        Runs.await(window);
        assertEquals("Same-thread L1TF v2", window.session().scenario().name());
        assertEquals(1000, cycle(), "reload keeps the cursor");
    }

    @Test
    void aScenarioWithNothingToRunIsALocatedErrorAndTheRunShownStays(@TempDir Path dir) throws Exception {
        Path empty = dir.resolve("empty.json");
        Files.writeString(empty, "\n  {}\n");
        LoadedScenario before = window.session().scenario();
        robot.interact(() -> assertFalse(window.openFile(empty)));
        Runs.await(window);
        assertTrue(window.lastError().startsWith(empty + ":2:3: nothing to run: no program has a task"),
                window.lastError());
        assertEquals(before, window.session().scenario(), "the window does not draw an idle machine");
        robot.interact(() -> robot.listWindows().stream().filter(w -> w != window.root().getScene().getWindow())
                .forEach(w -> ((Stage) w).close()));
    }

    @Test
    void opensScenarioFilesThroughTheLoaderWithLocatedErrors(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\n  \"format\": 1,\n  \"name\": \"x\",\n  \"machine\": { \"cores\": \"two\" }\n}\n");
        robot.interact(() -> assertFalse(window.openFile(broken)));
        String err = window.lastError();
        assertTrue(err.startsWith(broken + ":4:"), err);
        assertFalse(err.contains("\n") || err.contains("Exception"), err);
        robot.interact(() -> robot.listWindows().stream().filter(w -> w != window.root().getScene().getWindow())
                .forEach(w -> ((Stage) w).close()));

        Path copy = dir.resolve("l1tf.json");
        try (var in = ScenarioLoader.class.getResourceAsStream(ScenarioLoader.SAMPLES + ScenarioLoader.DEFAULT_SAMPLE)) {
            Files.write(copy, in.readAllBytes());
        }
        robot.interact(() -> assertTrue(window.openFile(copy)));
        Runs.await(window);
        assertEquals(copy, window.session().scenario().source());
        assertEquals("leaks 0/" + sim().end().leaks().size(), text("#statusLeaks"));
        assertTrue(window.titleProperty().get().contains("l1tf.json"));
    }
}
