package dev.asiscope.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.ui.export.ExportFixtures;
import java.util.List;
import javafx.scene.Scene;
import javafx.scene.layout.Pane;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A step's redraw timing times the pulse's phases only with -Dasiscope.timing: otherwise no timer runs. */
class RedrawTimingTest {
    @BeforeAll
    static void startToolkit() throws Exception {
        ExportFixtures.startFx();
    }

    private static boolean pulseTimedAfterAStep(RedrawTiming timing) throws Exception {
        return ExportFixtures.fx(() -> {
            timing.start("step");
            return timing.pulseTimed();
        });
    }

    @Test
    void withoutThePropertyAStepStartsNoPulseTimer() throws Exception {
        assertFalse(Boolean.getBoolean("asiscope.timing"), "the tests run without -Dasiscope.timing");
        Scene scene = ExportFixtures.fx(() -> new Scene(new Pane(), 100, 100));
        assertFalse(pulseTimedAfterAStep(new RedrawTiming(() -> scene, List::of)), "no timer by default");
        assertTrue(pulseTimedAfterAStep(new RedrawTiming(() -> scene, List::of, true)), "the timer with timing on");
    }
}
