package dev.asiscope.ui;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.sim.engine.Simulation;
import dev.asiscope.ui.views.TimelineIndex;
import org.junit.jupiter.api.Test;

/** The worker that simulates a run for the window also builds its timeline index, off the FX thread. */
class ScenarioRunsTest {
    @Test
    void aRunIsShownWithItsTimelineIndexStarted() {
        LoadedScenario s = BuiltInScenarios.defaultScenario();
        Simulation run = Simulation.run(s.spec(), s.policy());
        assertNull(TimelineIndex.built(run), "no index before the worker's head start");
        assertSame(run, ScenarioRuns.headStart(run));
        TimelineIndex index = TimelineIndex.built(run);
        assertNotNull(index, "the worker built the index");
        assertTrue(index.intervals(0) > 1, "cpu0's lane has its contexts: " + index.intervals(0));
        // the same index the timeline view paints from: a paint does not start over
        assertSame(index, TimelineIndex.of(run));
    }
}
