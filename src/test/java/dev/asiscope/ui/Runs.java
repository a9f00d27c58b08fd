package dev.asiscope.ui;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.testfx.util.WaitForAsyncUtils;

/** Waits for a window's background simulations (open, re-run, reload, comparison) to be shown. */
final class Runs {
    private Runs() {
    }

    static void await(MainWindow w) {
        try {
            WaitForAsyncUtils.waitForFxEvents();
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !w.runs().isRunning()
                    && (!w.hasComparison() || !w.comparison().runs().isRunning() && !w.comparison().prefetchRuns().isRunning()));
            WaitForAsyncUtils.waitForFxEvents();
        } catch (TimeoutException e) {
            throw new AssertionError("the window's simulation did not finish in 60 s", e);
        }
    }
}
