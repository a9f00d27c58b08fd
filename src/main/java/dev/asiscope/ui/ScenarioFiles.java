package dev.asiscope.ui;

import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.scenario.ScenarioException;
import dev.asiscope.scenario.ScenarioContents;
import dev.asiscope.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where the window gets scenarios: files on disk and the built-in samples. */
public final class ScenarioFiles {
    /** Reads one scenario file. */
    @FunctionalInterface
    public interface Loader {
        LoadedScenario load(Path file) throws ScenarioException;
    }

    /** A sample listed in the Samples menu. */
    public interface Sample {
        String title();

        LoadedScenario load() throws ScenarioException;
    }

    private ScenarioFiles() {
    }

    /** The file loader (replaceable in tests). */
    static Loader loader = ScenarioContents::loadRunnable;

    public static LoadedScenario load(Path file) throws ScenarioException {
        return loader.load(file);
    }

    /**
     * The scenario the window opens on when none is given: the library's default sample, or the
     * code-built demo should the jar lack it.
     */
    public static LoadedScenario defaultScenario() {
        try {
            return ScenarioLoader.builtIn(ScenarioLoader.DEFAULT_SAMPLE);
        } catch (ScenarioException | RuntimeException e) {
            return BuiltInScenarios.defaultScenario();
        }
    }

    /** The samples: the scenario library bundled in the jar, then the demos built in code. */
    public static List<Sample> samples() {
        List<Sample> out = new ArrayList<>();
        for (String name : ScenarioLoader.builtInNames()) {
            out.add(new Sample() {
                @Override
                public String title() {
                    return name.replaceFirst("\\.json$", "").replace('-', ' ');
                }

                @Override
                public LoadedScenario load() throws ScenarioException {
                    return ScenarioLoader.builtIn(name);
                }
            });
        }
        for (LoadedScenario s : BuiltInScenarios.all()) {
            out.add(new Sample() {
                @Override
                public String title() {
                    return s.name() + " (demo)";
                }

                @Override
                public LoadedScenario load() {
                    return s;
                }
            });
        }
        return out;
    }
}
