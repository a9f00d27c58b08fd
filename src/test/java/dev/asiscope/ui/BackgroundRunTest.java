package dev.asiscope.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.sim.engine.Simulation;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.util.WaitForAsyncUtils;

/** Runs off the FX thread: results and errors come back on it, nothing escapes, a cancel leaves nothing. */
@ExtendWith(ApplicationExtension.class)
class BackgroundRunTest {
    private static final LoadedScenario S = BuiltInScenarios.defaultScenario();

    private static void awaitIdle(BackgroundRun r) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !r.isRunning());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void theRunArrivesOnTheFxThread() throws Exception {
        BackgroundRun r = new BackgroundRun("test");
        AtomicReference<Simulation> got = new AtomicReference<>();
        AtomicReference<Boolean> onFx = new AtomicReference<>();
        Platform.runLater(() -> r.start("default", S.spec(), S.policy(), sim -> {
            onFx.set(Platform.isFxApplicationThread());
            got.set(sim);
        }, m -> { }));
        awaitIdle(r);
        assertNotNull(got.get());
        assertTrue(onFx.get());
        assertEquals(Simulation.run(S.spec(), S.policy()).endCycle(), got.get().endCycle(), "the same run, deterministic");
    }

    @Test
    void anExceptionInTheRunIsOneLineForTheWindow() throws Exception {
        BackgroundRun r = new BackgroundRun("test");
        AtomicReference<String> error = new AtomicReference<>();
        AtomicReference<Object> done = new AtomicReference<>();
        Platform.runLater(() -> r.start("broken", S.spec(), S.policy(), sim -> {
            throw new IllegalStateException("index of the run failed\nsecond line");
        }, done::set, error::set));
        awaitIdle(r);
        assertNull(done.get());
        assertEquals("broken: index of the run failed", error.get());
        assertFalse(r.isRunning());
    }

    @Test
    void anExceptionInTheHandlerOfTheResultIsReportedToo() throws Exception {
        BackgroundRun r = new BackgroundRun("test");
        AtomicReference<String> error = new AtomicReference<>();
        Platform.runLater(() -> r.start("shown", S.spec(), S.policy(), sim -> {
            throw new IllegalArgumentException("cannot show it");
        }, error::set));
        awaitIdle(r);
        assertEquals("shown: cannot show it", error.get());
    }

    @Test
    void aCancelledRunDeliversNothing() throws Exception {
        BackgroundRun r = new BackgroundRun("test");
        AtomicReference<Object> done = new AtomicReference<>();
        AtomicReference<String> error = new AtomicReference<>();
        Platform.runLater(() -> {
            r.start("cancelled", S.spec(), S.policy(), done::set, error::set);
            assertTrue(r.isRunning());
            r.cancel();
            assertFalse(r.isRunning());
        });
        awaitIdle(r);
        Thread.sleep(300); // a run that ignored the cancel would deliver now
        WaitForAsyncUtils.waitForFxEvents();
        assertNull(done.get());
        assertNull(error.get());
    }

    @Test
    void aNewRunReplacesTheOneInFlight() throws Exception {
        BackgroundRun r = new BackgroundRun("test");
        AtomicReference<String> which = new AtomicReference<>("");
        Platform.runLater(() -> {
            r.start("first", S.spec(), S.policy(), sim -> which.set(which.get() + "first"), m -> { });
            r.start("second", S.spec(), S.policy(), sim -> which.set(which.get() + "second"), m -> { });
        });
        awaitIdle(r);
        Thread.sleep(300);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("second", which.get());
    }
}
