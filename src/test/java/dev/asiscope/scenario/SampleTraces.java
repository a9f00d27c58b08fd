package dev.asiscope.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The samples the test suite runs: every {@code sample-traces/*.json} but the benchmark-sized {@code bench-} ones. */
public final class SampleTraces {
    private SampleTraces() {
    }

    /** The sample files, in name order (never empty). */
    public static List<Path> files() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("sample-traces"))) {
            files = s.filter(p -> p.toString().endsWith(".json"))
                    .filter(p -> !p.getFileName().toString().startsWith("bench-")).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new AssertionError("no samples in sample-traces/");
        }
        return files;
    }

    /** Loads {@code f}, a failed load being a test failure that names the file. */
    public static LoadedScenario load(Path f) {
        try {
            return ScenarioLoader.load(f);
        } catch (Exception e) {
            throw new AssertionError(f + ": " + e.getMessage(), e);
        }
    }

    /** The policies a sample names, in name order: its own and those of its expectations. */
    public static TreeSet<String> policies(LoadedScenario s) {
        TreeSet<String> policies = new TreeSet<>();
        policies.add(s.policyName());
        for (Expectation e : s.expectations()) {
            policies.add(e.policy());
        }
        return policies;
    }
}
