package dev.asiscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import org.junit.jupiter.api.Test;

/**
 * The window's layout comes back exactly after a zoom and a theme change and back (each resizes the views
 * area several times as the tool bar settles): no view loses a pixel, the views' share of the height and
 * the grid's dividers are where they were.
 */
class ViewsAreaRoundTripTest extends BuiltInWindowTest {
    /** Every view pane's bounds in the scene, and the top and bottom bars' heights. */
    private List<String> layout() {
        return fx(() -> {
            List<String> out = new ArrayList<>();
            Node top = window.root().getTop();
            Node bottom = window.root().getBottom();
            out.add("top " + (top == null ? 0 : top.getLayoutBounds().getHeight()));
            out.add("bottom " + (bottom == null ? 0 : bottom.getLayoutBounds().getHeight()));
            out.add("share " + window.viewsShare());
            javafx.scene.control.SplitPane rows = (javafx.scene.control.SplitPane) window.root().lookup("#viewsArea");
            out.add("rows " + java.util.Arrays.toString(rows.getDividerPositions()) + " h " + rows.getHeight());
            for (Node r : rows.getItems()) {
                out.add("row " + java.util.Arrays.toString(((javafx.scene.control.SplitPane) r).getDividerPositions()));
            }
            for (ViewPane p : window.viewPanes()) {
                Bounds b = p.localToScene(p.getLayoutBounds());
                out.add(p.view().id() + " " + b.getMinX() + "," + b.getMinY() + " " + b.getWidth() + "x"
                        + b.getHeight());
            }
            return out;
        });
    }

    @Test
    void zoomAndThemeThereAndBackLeaveTheViewsAsTheyWere() {
        size(1600, 1000);
        List<String> before = layout();
        robot.interact(() -> window.appearance().setZoom(1.3));
        settle();
        robot.interact(() -> window.appearance().setTheme("projector"));
        settle();
        robot.interact(() -> window.appearance().setZoom(1));
        settle();
        robot.interact(() -> window.appearance().setTheme("light"));
        settle();
        assertEquals(before, layout());
    }
}
