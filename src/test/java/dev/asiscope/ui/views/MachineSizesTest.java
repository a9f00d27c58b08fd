package dev.asiscope.ui.views;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.scenario.ScenarioLoader;
import dev.asiscope.ui.core.MachineView;
import dev.asiscope.ui.core.SimSession;
import dev.asiscope.ui.core.Theme;
import dev.asiscope.ui.export.StandardViews;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every view at every machine size the window supports (1 to 16 cores, 1 or 2 threads per core), at the
 * size a view gets in a 1280 x 720 window (a third of it) and alone at 1280 x 720 (projector) and
 * 1600 x 1000: every core and CPU is named in full, titles are never shortened, no text is drawn over
 * another, and the cores and caches views switch to their compact tiles beyond 4 cores.
 */
class MachineSizesTest {
    private record Size(double w, double h, Theme theme) {
    }

    private static final List<Size> SIZES = List.of(new Size(420, 230, Theme.LIGHT), new Size(560, 300, Theme.DARK),
            new Size(1280, 720, Theme.PROJECTOR), new Size(1600, 1000, Theme.LIGHT));

    @ParameterizedTest
    @ValueSource(strings = {"machine-1x1.json", "machine-4x2.json", "machine-16x2.json"})
    void everyViewNamesEveryCoreAndCpuInFull(String file) throws Exception {
        LoadedScenario s = ScenarioLoader.load(Path.of("src/test/resources/scenarios", file));
        SimSession session = new SimSession();
        session.open(s, (String) null, 60_000);
        int cores = s.spec().cores();
        int cpus = s.spec().logicalCpus();
        List<String> problems = new ArrayList<>();
        for (Size size : SIZES) {
            for (MachineView v : StandardViews.all()) {
                RecordingDrawContext g = new RecordingDrawContext();
                v.paint(g, size.w(), size.h(), session, size.theme());
                String where = file + " " + v.id() + " at " + (int) size.w() + "x" + (int) size.h() + ": ";
                if (!g.texts().contains(v.title())) {
                    problems.add(where + "title '" + v.title() + "' not drawn in full");
                }
                for (String o : g.overlappingTexts(2)) {
                    problems.add(where + "overlap " + o);
                }
                if (v.id().equals("cores")) {
                    for (int c = 0; c < cores; c++) {
                        if (!g.texts().contains("core " + c)) {
                            problems.add(where + "core " + c + " not named in full");
                        }
                    }
                    for (int cpu = 0; cpu < cpus; cpu++) {
                        String name = "cpu" + cpu;
                        if (g.texts().stream().noneMatch(t -> t.equals(name) || t.startsWith(name + " "))) {
                            problems.add(where + name + " not named");
                        }
                    }
                }
                if (v.id().equals("caches")) {
                    for (int c = 0; c < cores; c++) {
                        if (!g.texts().contains("core " + c + " L1D")) {
                            problems.add(where + "core " + c + " L1D title shortened or missing");
                        }
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 16})
    void compactTilesBeyondFourCores(int cores) throws Exception {
        String file = cores == 1 ? "machine-1x1.json" : cores == 4 ? "machine-4x2.json" : "machine-16x2.json";
        LoadedScenario s = ScenarioLoader.load(Path.of("src/test/resources/scenarios", file));
        SimSession session = new SimSession();
        session.open(s, (String) null, 60_000);
        RecordingDrawContext g = new RecordingDrawContext();
        new CoresView().paint(g, 1600, 1000, session, Theme.LIGHT);
        // The full layout names each thread's position ("thread 0"); the tiles do not.
        boolean full = g.texts().contains("thread 0");
        assertEquals(cores <= CoresView.COMPACT_ABOVE, full, "full core boxes up to 4 cores at 1600x1000");
    }
}
