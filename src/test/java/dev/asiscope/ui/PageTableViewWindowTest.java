package dev.asiscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.scenario.ScenarioLoader;
import dev.asiscope.sim.paging.PagingLevel;
import dev.asiscope.sim.tables.EntryFormat;
import dev.asiscope.sim.tables.EntryKind;
import dev.asiscope.ui.views.PageTableCell;
import dev.asiscope.ui.views.PageTableView;
import java.nio.file.Path;
import java.util.List;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The page-table view in the window: a click on an entry selects it and the inspector decodes its bits. */
class PageTableViewWindowTest {
    private static MainWindow window;
    private final FxRobot robot = new FxRobot();

    @BeforeAll
    static void startWindow() throws Exception {
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(stage -> {
            try {
                window = WindowFixture.show(stage,
                        ScenarioLoader.load(Path.of("sample-traces/asi-exit-flush.json")),
                        List.of(new PageTableView()));
            } catch (dev.asiscope.scenario.ScenarioException e) {
                throw new AssertionError(e);
            }
        });
    }

    @AfterAll
    static void closeWindow() throws Exception {
        robotInteract();
        FxToolkit.cleanupStages();
    }

    private static void robotInteract() {
        new FxRobot().interact(window::dispose);
    }

    private static Canvas canvas(Node n) {
        if (n instanceof Canvas c) {
            return c;
        }
        if (n instanceof javafx.scene.Parent p) {
            for (Node child : p.getChildrenUnmodifiable()) {
                Canvas c = canvas(child);
                if (c != null) {
                    return c;
                }
            }
        }
        return null;
    }

    /** A PML4 table entry of table "full" on the canvas, as the user would see it, in canvas coordinates. */
    private Point2D pml4EntryOnCanvas(ViewPane pane) {
        PageTableView view = (PageTableView) pane.view();
        double[] size = pane.canvasSize();
        for (double y = 0; y < size[1]; y += 3) {
            for (double x = 0; x < size[0] / 4; x += 3) {
                Object hit = view.hitTest(x, y, size[0], size[1], window.session());
                if (hit instanceof PageTableCell c && c.space().equals("full")
                        && c.entry().level() == PagingLevel.PML4 && c.entry().kind() == EntryKind.TABLE) {
                    return new Point2D(x + 1, y + 1);
                }
            }
        }
        return null;
    }

    @Test
    void theViewShownAloneRedrawsOnAnEntryClickWithNothingElseChanging() {
        robot.interact(() -> window.session().selectionProperty().set(null));
        robot.interact(() -> window.session().seek(50_000));
        ViewPane pane = window.viewPanes().get(0);
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> { });
        assertFalse(pane.isDirty());
        Point2D at = pml4EntryOnCanvas(pane);
        assertNotNull(at, "no PML4 table entry on the canvas");
        long before = pane.paintCount();
        long revision = window.session().revisionProperty().get();
        robot.clickOn(canvas(pane).localToScreen(at));
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> { });
        assertTrue(window.session().selectionProperty().get() instanceof PageTableCell);
        assertEquals(revision, window.session().revisionProperty().get(), "the click moves no cursor");
        assertTrue(pane.paintCount() > before, "the view repaints for the selection (zooms to the entry)");
    }

    @Test
    void bitLinesSayTheValueThenWhatItMeans() {
        robot.interact(() -> window.session().seek(50_000));
        ViewPane pane = window.viewPanes().get(0);
        robot.interact(pane::paint);
        Point2D at = pml4EntryOnCanvas(pane);
        assertNotNull(at);
        PageTableCell cell = (PageTableCell) ((PageTableView) pane.view()).hitTest(at.getX(), at.getY(),
                pane.canvasSize()[0], pane.canvasSize()[1], window.session());
        long notPresent = cell.entry().raw() & ~1L;
        PageTableCell cleared = new PageTableCell(cell.space(), cell.entry(),
                EntryFormat.X86.fields(PagingLevel.PML4, notPresent), cell.differs(), cell.sharedWith(),
                cell.region(), cell.walk(), cell.spaceId());
        robot.interact(() -> window.session().selectionProperty().set(cleared));
        String shown = window.inspector().shownText();
        assertTrue(shown.contains("P (bit 0) = 0: not present"), shown);
        assertFalse(shown.contains(": present"), "a clear P bit never reads 'present': " + shown);
        assertTrue(shown.contains("U/S (bit 2) = 1: user") || shown.contains("U/S (bit 2) = 0: supervisor"), shown);
        assertFalse(shown.matches("(?s).*\\) = [01]: [01]:.*"), shown);
    }

    @Test
    void clickingAPml4EntryShowsItsBitsAndZoomsToIt() {
        robot.interact(() -> window.session().seek(50_000));
        ViewPane pane = window.viewPanes().get(0);
        assertEquals("page-tables", pane.view().id());
        robot.interact(pane::paint);
        PageTableView view = (PageTableView) pane.view();
        double[] size = pane.canvasSize();
        // find the direct map's PML4 entry of table A on the canvas, as the user would see it
        Point2D at = null;
        for (double y = 0; y < size[1] && at == null; y += 3) {
            for (double x = 0; x < size[0] / 4 && at == null; x += 3) {
                Object hit = view.hitTest(x, y, size[0], size[1], window.session());
                if (hit instanceof PageTableCell c && c.space().equals("full")
                        && c.entry().level() == PagingLevel.PML4 && c.entry().kind() == EntryKind.TABLE) {
                    at = new Point2D(x + 1, y + 1);
                }
            }
        }
        assertNotNull(at, "no PML4 table entry on the canvas");
        Canvas canvas = canvas(pane);
        robot.clickOn(canvas.localToScreen(at));
        robot.interact(() -> { });
        Object selected = window.session().selectionProperty().get();
        assertTrue(selected instanceof PageTableCell, "selection: " + selected);
        PageTableCell cell = (PageTableCell) selected;
        assertEquals(273, cell.entry().index());
        String shown = window.inspector().shownText();
        assertTrue(shown.startsWith("Entry pml4[273] of full"), shown);
        assertTrue(shown.contains("P (bit 0) = 1: present"), shown);
        assertTrue(shown.contains("R/W (bit 1) = 1: writes allowed"), shown);
        assertTrue(shown.contains("address (bits 51:12) = 0x"), shown);
        assertTrue(shown.contains("differs: yes"), shown);
        // zoomed: the PDPT below the entry is shown, nothing deeper
        robot.interact(pane::paint);
        boolean pd = false;
        for (double y = 0; y < size[1]; y += 4) {
            for (double x = 0; x < size[0]; x += 4) {
                if (view.hitTest(x, y, size[0], size[1], window.session()) instanceof PageTableCell c
                        && c.entry().level() == PagingLevel.PD && c.entry().raw() != 0) {
                    pd = true;
                }
            }
        }
        assertTrue(!pd, "no PD shown after selecting a PML4 entry");
    }
}
