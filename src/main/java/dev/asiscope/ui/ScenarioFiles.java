package dev.asiscope.ui;

import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.scenario.ScenarioException;
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
    static Loader loader = file -> {
        throw new ScenarioException(file.toString(), 0, 0, null,
                "this build cannot read scenario files yet (the scenario loader is not part of it)");
    };

    public static LoadedScenario load(Path file) throws ScenarioException {
        return loader.load(file);
    }

    /** The samples, the built-in narrated default first. */
    public static List<Sample> samples() {
        List<Sample> out = new ArrayList<>();
        for (LoadedScenario s : BuiltInScenarios.all()) {
            out.add(new Sample() {
                @Override
                public String title() {
                    return s.name();
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
