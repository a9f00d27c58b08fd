package dev.asiscope.ui.export;

import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.scenario.ScenarioLoader;
import dev.asiscope.ui.core.SimSession;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** The sample scenario and toolkit helpers shared by the export tests. */
public final class ExportFixtures {
    /** A real narrated sample with a leak. */
    public static final Path SCENARIO = Path.of("sample-traces/l1tf-guest-unmitigated.json");
    /** Its L1TF transient load (the secret is in L1D, the attack runs). */
    public static final long CYCLE = 59_145;

    private ExportFixtures() {
    }

    /** Starts the toolkit for tests that do not use TestFX (never stopped: other tests share it). */
    public static void startFx() throws Exception {
        HeadlessFx.start();
        javafx.application.Platform.setImplicitExit(false);
    }

    public static <T> T fx(Callable<T> task) throws Exception {
        return HeadlessFx.onFx(task);
    }

    public static LoadedScenario scenario() throws Exception {
        return ScenarioLoader.load(SCENARIO);
    }

    /** A session on the sample at {@link #CYCLE} under the scenario's policy (FX thread). */
    public static SimSession session(LoadedScenario s) {
        SimSession session = new SimSession();
        session.open(s, null);
        session.seek(CYCLE);
        return session;
    }

    /** All pixels as 0xffRRGGBB. */
    public static int[] rgb(BufferedImage img) {
        int[] px = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
        for (int i = 0; i < px.length; i++) {
            px[i] |= 0xff000000;
        }
        return px;
    }

    /** Number of pixels that differ. */
    public static int differing(int[] a, int[] b) {
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                n++;
            }
        }
        return n;
    }
}
