package dev.asiscope.ui;

import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.scenario.ScenarioLoader;
import dev.asiscope.scenario.WhatIf;
import dev.asiscope.sim.paging.PagingLevel;
import dev.asiscope.sim.security.AddressSpaceId;
import dev.asiscope.ui.views.PageTableCell;
import dev.asiscope.ui.views.PageTableView;
import dev.asiscope.ui.views.RecordingDrawContextAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ListView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

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
        await();
    }

    /** Waits for the pane's re-run in flight to be shown. */
    static void await(WhatIfPane p) {
        try {
            WaitForAsyncUtils.waitForFxEvents();
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !p.runs().isRunning());
            WaitForAsyncUtils.waitForFxEvents();
        } catch (TimeoutException e) {
            throw new AssertionError("the what-if re-run did not finish in 60 s", e);
        }
    }

    private static void await() {
        await(pane);
    }

    @AfterAll
    static void stop() throws Exception {
        FxToolkit.cleanupStages();
    }

    /**
     * The re-run is made off the FX thread: the click's handler returns with the run still in flight and
     * the pane unchanged; Cancel then keeps the previous result, and nothing arrives later.
     */
    @Test
    void reRunsAreOffTheFxThreadAndCancelKeepsThePreviousResult() throws Exception {
        PageTableCell pte = percpuPte();
        assertNotNull(pte);
        WhatIf before = pane.whatIf();
        long hash = before.editedEnd().stateHash();
        String[] seen = new String[2];
        robot.interact(() -> {
            main.selectionProperty().set(pte);
            pane.toggle("P");
            // still on the FX thread, in the same handler: a run made here would be complete by now
            seen[0] = pane.runs().isRunning() + " " + pane.whatIf().edits().size();
            seen[1] = String.valueOf(robot.lookup("#whatIfCancel").queryButton().isVisible());
        });
        assertEquals("true 0", seen[0]);
        assertEquals("true", seen[1], "Cancel is offered while the re-run runs");
        await();
        assertEquals(1, pane.whatIf().edits().size());
        assertTrue(pane.whatIf().editedReport().asiExits() > 0);
        long edited = pane.whatIf().editedEnd().stateHash();

        robot.interact(() -> {
            pane.undo();
            pane.cancel();
        });
        await();
        Thread.sleep(300); // a run that escaped the cancel would have arrived by now
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, pane.whatIf().edits().size(), "cancelled undo: the edit stays");
        assertEquals(edited, pane.whatIf().editedEnd().stateHash());
        assertTrue(robot.lookup("#whatIfStatus").queryLabeled().getText().startsWith("Cancelled"),
                robot.lookup("#whatIfStatus").queryLabeled().getText());
        assertFalse(robot.lookup("#whatIfUndo").queryButton().isDisabled());

        robot.interact(pane::undo);
        await();
        assertEquals(0, pane.whatIf().edits().size());
        assertEquals(hash, pane.whatIf().editedEnd().stateHash());
    }

    /** The restricted table's PTE of percpu's first page, as the page-table view reports it. */
    private static PageTableCell percpuPte() {
        return percpuPte(main);
    }

    /** As {@link #percpuPte()} in the run {@code main} shows. */
    static PageTableCell percpuPte(SimSession main) {
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

    /**
     * What the pane offers follows the selected entry's table, read as a typed {@link AddressSpaceId}: an EPT
     * entry has no x86 bits to toggle; the region a leaf maps can be unmapped from a restricted table or the
     * EPT, not from the full table (every region's home) nor from a guest's own table.
     */
    @Test
    void editsOfferedFollowTheSelectedEntrysTable() {
        PageTableCell restricted = percpuPte();
        PageTableCell full = leafOf("full", "restricted:vm1");
        PageTableCell guest = leafOf("guest:vm1", null);
        PageTableCell ept = leafOf("ept:vm1", null);
        assertEquals(AddressSpaceId.restrictedVm(1), restricted.spaceId());
        assertEquals(AddressSpaceId.FULL, full.spaceId());
        assertEquals(new AddressSpaceId.Guest(1), guest.spaceId());
        assertEquals(new AddressSpaceId.Ept(1), ept.spaceId());
        assertEquals("bits on, unmap on", offered(restricted));
        assertEquals("bits on, unmap off", offered(full));
        assertEquals("bits on, unmap off", offered(guest));
        assertEquals("bits off, unmap on", offered(ept));
    }

    /** Whether the P toggle and Unmap are enabled with {@code c} selected. */
    private String offered(PageTableCell c) {
        robot.interact(() -> main.selectionProperty().set(c));
        boolean bits = !robot.lookup("#whatIfToggleP").queryButton().isDisabled();
        boolean unmap = !robot.lookup("#whatIfUnmap").queryButton().isDisabled();
        robot.interact(() -> main.selectionProperty().set(null));
        return "bits " + (bits ? "on" : "off") + ", unmap " + (unmap ? "on" : "off");
    }

    /** A present leaf (PT level) of table {@code space} that maps a region, as the page-table view reports it. */
    private static PageTableCell leafOf(String space, String compared) {
        PageTableView v = new PageTableView();
        v.setSpaces(space, compared);
        RecordingDrawContextAccess.paint(v, main, 1600, 1000);
        for (double y = 0; y < 1000; y += 4) {
            for (double x = 0; x < 1600; x += 4) {
                if (v.hitTest(x, y, 1600, 1000, main) instanceof PageTableCell c && c.space().equals(space)
                        && c.entry().kind() == dev.asiscope.sim.tables.EntryKind.LEAF && c.entry().raw() != 0
                        && (c.region() != null || space.startsWith("ept") || space.startsWith("guest"))) {
                    return c;
                }
            }
        }
        throw new AssertionError("no present leaf of " + space + " on the page-table view");
    }

    @Test
    void clearingPresentOfASelectedPteComparesUndoesAndSaves() throws Exception {
        PageTableCell pte = percpuPte();
        assertNotNull(pte);
        long before = pane.whatIf().originalEnd().stateHash();
        robot.interact(() -> main.selectionProperty().set(pte));
        robot.clickOn("#whatIfToggleP");
        await();
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
        await();
        assertEquals(0, pane.whatIf().edits().size());
        assertEquals(before, pane.whatIf().editedEnd().stateHash(), "undo returns the original state");
        assertTrue(robot.lookup("#whatIfUndo").queryAs(Button.class).isDisabled());
    }
}
