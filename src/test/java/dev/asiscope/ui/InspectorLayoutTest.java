package dev.asiscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.sim.engine.Leak;
import java.util.List;
import javafx.scene.control.Label;
import org.junit.jupiter.api.Test;

/**
 * The inspector stays readable in a narrow column: on a projector at 1280x720 and 130 % its values go under
 * their keys at the column's width (beside them they were left a character or two per line); at 1600x1000 in
 * the light theme they stay beside their keys.
 */
class InspectorLayoutTest extends BuiltInWindowTest {

    @Test
    void valuesGoUnderTheirKeysInANarrowColumnAndKeepTheirWidth() {
        Leak leak = fx(() -> window.session().simulation().end().leaks().get(0));
        robot.interact(() -> {
            window.appearance().setTheme("projector");
            window.appearance().setZoom(1.3);
        });
        size(1280, 720);
        robot.interact(() -> {
            window.transport().goTo(leak.reloadCycle());
            window.session().selectionProperty().set(leak);
        });
        settle();
        assertTrue(fx(() -> window.inspector().stacked()), "values under their keys at 1280x720, projector, 130 %");
        double em = fx(() -> values().get(0).getFont().getSize());
        double grid = fx(() -> window.root().lookup("#inspectorGrid").getLayoutBounds().getWidth());
        for (Label v : fx(this::values)) {
            // The column's whole width but the indent: beside their keys they had 1-3 characters a line.
            double w = fx(v::getWidth);
            assertTrue(w >= 0.85 * grid && w >= 8 * em,
                    "'" + v.getText() + "' is " + w + " px wide in a " + grid + " px grid, type " + em + " px");
        }

        robot.interact(() -> {
            window.appearance().setTheme("light");
            window.appearance().setZoom(1);
        });
        size(1600, 1000);
        settle();
        assertFalse(fx(() -> window.inspector().stacked()), "values beside their keys at 1600x1000, light: "
                + fx(() -> window.inspector().node().getWidth()) + " px wide, type "
                + fx(() -> values().get(0).getFont().getSize()));
        assertEquals(fx(() -> window.inspector().current().rows().size()), fx(this::values).size());
    }

    private List<Label> values() {
        return window.root().lookupAll("#inspectorGrid .inspector-value").stream()
                .map(n -> (Label) n).toList();
    }
}
