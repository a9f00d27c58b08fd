package dev.asiscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.scenario.Scenario;
import dev.asiscope.ui.export.StandardViews;
import dev.asiscope.ui.views.PageTableCell;
import dev.asiscope.ui.workspace.Workspace;
import dev.asiscope.ui.workspace.WorkspaceFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The what-if pane's edits live in the workspace: saved beside the scenario, re-applied when it is opened
 * again (same edited run, undo still works), and a bad edit in the file is one located line that loses
 * nothing.
 */
@ExtendWith(ApplicationExtension.class)
class WhatIfWorkspaceTest {
    static final Path SAMPLE = Path.of("sample-traces/asi-restricted-exits.json");

    @TempDir
    Path dir;

    Path scenario;
    MainWindow window;

    @Start
    void start(Stage stage) {
        window = WindowFixture.show(stage, null, StandardViews.all());
    }

    @BeforeEach
    void open(FxRobot robot) throws Exception {
        scenario = dir.resolve("talk.json");
        Files.copy(SAMPLE, scenario);
        robot.interact(() -> assertTrue(window.openFile(scenario)));
        Runs.await(window);
    }

    @AfterEach
    void close(FxRobot robot) {
        robot.interact(() -> {
            window.dispose();
            // error dialogs and the what-if window
            robot.listWindows().stream().filter(w -> w != window.root().getScene().getWindow())
                    .forEach(w -> ((Stage) w).close());
        });
    }

    /** Opens the scenario again (as File > Open does) and waits for it and its what-if edits. */
    private void reopen(FxRobot robot) {
        robot.interact(() -> assertTrue(window.openFile(scenario)));
        Runs.await(window);
        if (window.whatIf().exists()) {
            WhatIfPaneTest.await(window.whatIf().pane());
        }
    }

    @Test
    void thePaneFollowsAPolicyChangeAndAReloadKeepingItsEdits(FxRobot robot) throws Exception {
        robot.interact(() -> {
            window.keymap().run(new Keymap.Hit(Action.WHAT_IF, 0));
            window.transport().goTo(100_000);
        });
        WhatIfPane pane = window.whatIf().pane();
        WhatIfPaneTest.await(pane);
        PageTableCell pte = WhatIfPaneTest.percpuPte(window.session());
        robot.interact(() -> window.session().selectionProperty().set(pte));
        robot.clickOn("#whatIfToggleP");
        WhatIfPaneTest.await(pane);
        List<Scenario.EditSpec> edits = pane.whatIf().edits();
        assertEquals(1, edits.size());
        assertEquals("asi", pane.policy());

        robot.interact(() -> assertTrue(window.applyPolicy("none")));
        Runs.await(window);
        WhatIfPaneTest.await(pane);
        assertEquals("none", pane.policy(), "the pane re-runs under the main window's new policy");
        assertEquals(edits, pane.whatIf().edits(), "with the same edits");
        assertEquals(window.session().simulation().end().stateHash(), pane.whatIf().originalEnd().stateHash(),
                "its unedited run is the one the main window shows");

        dev.asiscope.scenario.WhatIf before = pane.whatIf();
        Files.writeString(scenario, Files.readString(scenario).replace("\"name\": \"ASI: VM exits",
                "\"name\": \"Reloaded: VM exits"));
        // Saving the file reloads it: the scenario watcher does, once the file has been still for its debounce
        // (a reload asked here as well raced it: under load the watcher's came after the pane had started
        // over on the first, and the pane started over again). The pane starts over when the main window
        // shows the reloaded run, which may be a pulse after the main run ends: wait for its new what-if.
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return window.session().scenario().name().startsWith("Reloaded") && !window.runs().isRunning()
                    && !pane.runs().isRunning() && pane.whatIf() != null && pane.whatIf() != before;
        });
        WhatIfPaneTest.await(pane);
        assertTrue(window.session().scenario().name().startsWith("Reloaded"), window.session().scenario().name());
        assertNotSame(before, pane.whatIf(), "the pane starts over on the reloaded scenario");
        assertTrue(pane.whatIf().editedScenario().name().startsWith("Reloaded"),
                pane.whatIf().editedScenario().name());
        assertEquals("none", pane.policy());
        assertEquals(edits, pane.whatIf().edits());
    }

    @Test
    void editsAreSavedWithTheWorkspaceAndComeBackWithTheSameRun(FxRobot robot) throws Exception {
        robot.interact(() -> {
            window.keymap().run(new Keymap.Hit(Action.WHAT_IF, 0));
            window.transport().goTo(100_000);
        });
        WhatIfPane pane = window.whatIf().pane();
        WhatIfPaneTest.await(pane);
        long unedited = pane.whatIf().editedEnd().stateHash();
        PageTableCell pte = WhatIfPaneTest.percpuPte(window.session());
        assertNotNull(pte);
        robot.interact(() -> window.session().selectionProperty().set(pte));
        robot.clickOn("#whatIfToggleP");
        WhatIfPaneTest.await(pane);
        List<Scenario.EditSpec> edits = pane.whatIf().edits();
        assertEquals(1, edits.size());
        long edited = pane.whatIf().editedEnd().stateHash();
        assertFalse(edited == unedited, "the edit changes the run");

        robot.interact(() -> assertTrue(window.saveWorkspace()));
        Path ws = WorkspaceFile.defaultPath(scenario);
        Workspace saved = WorkspaceFile.read(ws);
        assertEquals(edits, saved.whatIf().edits());
        assertNull(saved.whatIf().policy(), "the scenario's own policy is not repeated");

        // in the same window: opening the scenario again starts the pane over and re-applies the edits
        dev.asiscope.scenario.WhatIf before = pane.whatIf();
        reopen(robot);
        assertNotSame(before, pane.whatIf());
        assertEquals(edits, pane.whatIf().edits());
        assertEquals(edited, pane.whatIf().editedEnd().stateHash(), "the same edited run");

        // a window that never opened the pane gets it back from the workspace too
        MainWindow[] fresh = new MainWindow[1];
        robot.interact(() -> {
            fresh[0] = new MainWindow(null, StandardViews.all());
            assertTrue(fresh[0].openFile(scenario));
        });
        Runs.await(fresh[0]);
        assertTrue(fresh[0].whatIf().exists());
        WhatIfPane back = fresh[0].whatIf().pane();
        WhatIfPaneTest.await(back);
        assertEquals(edits, back.whatIf().edits());
        assertEquals(edited, back.whatIf().editedEnd().stateHash(), "the same edited run");
        assertTrue(back.whatIf().editedReport().asiExits() > 0);
        robot.interact(back::undo);
        WhatIfPaneTest.await(back);
        assertEquals(0, back.whatIf().edits().size());
        assertEquals(unedited, back.whatIf().editedEnd().stateHash(), "undo after reopening");
        // the undo is autosaved: closing the window writes it, and no edit is left in the file
        robot.interact(fresh[0]::dispose);
        assertNull(WorkspaceFile.read(ws).whatIf());
        assertFalse(Files.readString(ws).contains("whatIf"));
    }

    @Test
    void aBadEditInTheWorkspaceIsOneLocatedLineAndNothingIsLost(FxRobot robot) throws Exception {
        Path ws = WorkspaceFile.defaultPath(scenario);
        String text = """
                {
                  "format" : 1,
                  "annotations" : [ { "type" : "text", "id" : "n", "attachment" : { "view" : "cores", "pinned" : true },
                                      "text" : "kept", "x" : 0.1, "y" : 0.1 } ],
                  "whatIf" : { "edits" : [
                    { "edit" : "entry", "cycle" : 100000, "space" : "restricted:vm1", "va" : "%s", "level" : "pt",
                      "clear" : [ "P" ] },
                    { "edit" : "unmap", "cycle" : 120000, "space" : "restricted:vm9", "region" : "percpu" } ] }
                }
                """.formatted("0x" + Long.toHexString(window.session().machine().layout().region("percpu")
                        .virtualBase()));
        Files.writeString(ws, text);
        reopen(robot);
        String err = window.lastError();
        assertNotNull(err, "the bad edit is reported");
        assertFalse(err.contains("\n"), err);
        assertFalse(err.contains("Exception"), err);
        assertTrue(err.startsWith("talk.asiscope.json:8:"), err);
        assertTrue(err.contains("$.whatIf.edits[1].space: no table 'restricted:vm9'"), err);
        assertTrue(err.contains("vm9"), err);
        // the rest is there: the annotation, and the good edit re-applied in the pane
        assertEquals(1, window.history().annotations().size());
        WhatIfPane pane = window.whatIf().pane();
        assertEquals(1, pane.whatIf().edits().size());
        assertTrue(pane.whatIf().editedReport().asiExits() > 0);
        // and the file keeps the bad edit: autosave does not overwrite it
        robot.interact(() -> window.history().reset(List.of()));
        Thread.sleep(2_000);
        assertEquals(text, Files.readString(ws));
    }
}
