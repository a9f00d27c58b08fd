package dev.asiscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.scenario.ScenarioLoader;
import dev.asiscope.sim.paging.PagingLevel;
import dev.asiscope.ui.views.PageTableCell;
import dev.asiscope.ui.views.PageTableView;
import dev.asiscope.ui.views.RecordingDrawContextAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ListView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

/** The what-if pane: an entry selected in the main session is edited, re-run, compared, undone and saved. */
class WhatIfPaneTest {
    private static SimSession main;
    private static WhatIfPane pane;
    private final FxRobot robot = new FxRobot();

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws Exception {
        FxToolkit.registerPrimaryStage();
        main = new SimSession();
        main.open(ScenarioLoader.load(Path.of("sample-traces/asi-restricted-exits.json")), null);
        main.seek(100_000);
        FxToolkit.setupStage(stage -> {
            pane = new WhatIfPane(main, () -> Theme.LIGHT, () -> 1.0);
            stage.setScene(new Scene(pane, 1200, 760));
            stage.show();
        });
    }

    @AfterAll
    static void stop() throws Exception {
        FxToolkit.cleanupStages();
    }

    /** The restricted table's PTE of percpu's first page, as the page-table view reports it. */
    private static PageTableCell percpuPte() {
        PageTableView v = new PageTableView();
        long va = main.machine().layout().region("percpu").virtualBase();
        RecordingDrawContextAccess.paint(v, main, 1600, 1000);
        for (double y = 0; y < 1000; y += 4) {
            for (double x = 0; x < 1600; x += 4) {
                if (v.hitTest(x, y, 1600, 1000, main) instanceof PageTableCell c && c.space().equals("restricted:vm1")
                        && c.entry().level() == PagingLevel.PT && c.entry().linearAddress() == va) {
                    return c;
                }
            }
        }
        return null;
    }

    @Test
    void clearingPresentOfASelectedPteComparesUndoesAndSaves() throws Exception {
        PageTableCell pte = percpuPte();
        assertNotNull(pte);
        long before = pane.whatIf().originalEnd().stateHash();
        robot.interact(() -> main.selectionProperty().set(pte));
        robot.clickOn("#whatIfToggleP");
        assertEquals(1, pane.whatIf().edits().size());
        assertEquals(100_000, pane.whatIf().rerunFrom());
        assertTrue(pane.whatIf().editedReport().asiExits() > 0);
        assertTrue(robot.lookup("#whatIfStatus").queryLabeled().getText().startsWith("Re-ran from cycle 100,000"),
                robot.lookup("#whatIfStatus").queryLabeled().getText());
        ListView<?> edits = robot.lookup("#whatIfEdits").queryAs(ListView.class);
        assertEquals(1, edits.getItems().size());
        assertTrue(edits.getItems().get(0).toString().contains("clear P"), edits.getItems().get(0).toString());
        // the what-if session shows the edited tables at the main cursor
        assertEquals(main.cycle(), pane.editedSession().cycle());
        Path file = tmp.resolve("w.json");
        robot.interact(() -> {
            try {
                pane.saveAs(file);
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        });
        assertTrue(Files.readString(file).contains("\"clear\" : [ \"P\" ]"));
        robot.clickOn("#whatIfUndo");
        assertEquals(0, pane.whatIf().edits().size());
        assertEquals(before, pane.whatIf().editedEnd().stateHash(), "undo returns the original state");
        assertTrue(robot.lookup("#whatIfUndo").queryAs(Button.class).isDisabled());
    }
}
