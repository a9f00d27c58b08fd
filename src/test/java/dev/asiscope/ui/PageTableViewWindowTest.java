package dev.asiscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.scenario.ScenarioLoader;
import dev.asiscope.sim.paging.PagingLevel;
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
        assertTrue(shown.contains("P (bit 0): 1: present"), shown);
        assertTrue(shown.contains("R/W (bit 1): 1"), shown);
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
