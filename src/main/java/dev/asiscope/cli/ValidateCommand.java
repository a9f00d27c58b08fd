package dev.asiscope.cli;

import dev.asiscope.scenario.ScenarioContents;
import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.scenario.ScenarioException;
import dev.asiscope.scenario.ScenarioLoader;
import dev.asiscope.scenario.ScenarioRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code asiscope validate}: check scenario files and their expectations. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check scenario files and their expectations.",
            "",
            "First the format (every error names file, line, column and field, and says what was expected), "
                + "then each expectation is run; one line per result."},
        footer = {"", "Folders are searched for *.json files (not recursively).",
            "", "Examples:", "  asiscope validate sample-traces", "  asiscope validate --schema-only my.json",
            "", "Exit codes: 0 all valid and every expectation met, 1 an expectation failed, 2 bad input."})
public final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "Scenario files or folders.")
    List<Path> paths;

    @Option(names = "--schema-only", description = "Check the format only; do not run expectations.")
    boolean schemaOnly;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int rc = 0;
        for (Path f : expand(paths)) {
            LoadedScenario s;
            try {
                s = ScenarioLoader.load(f);
            } catch (ScenarioException e) {
                out.println("ERROR " + e.getMessage());
                rc = Math.max(rc, Main.EXIT_BAD_INPUT);
                continue;
            }
            if (!ScenarioContents.hasWork(s.raw())) {
                if (ScenarioContents.hasPageTables(s.raw())) {
                    out.println("OK    " + f + " (page tables only: nothing to run; for 'asiscope translate')");
                } else {
                    try {
                        ScenarioContents.requireWork(f, s.raw());
                    } catch (ScenarioException e) {
                        out.println("ERROR " + e.getMessage());
                    }
                    rc = Math.max(rc, Main.EXIT_BAD_INPUT);
                }
                continue;
            }
            if (schemaOnly || s.expectations().isEmpty()) {
                out.println("OK    " + f + (s.expectations().isEmpty() ? " (no expectations)" : ""));
                continue;
            }
            try {
                for (ScenarioRunner.ExpectationResult r : ScenarioRunner.check(s)) {
                    out.println((r.passed() ? "PASS  " : "FAIL  ") + f + ": " + r.message());
                    if (!r.passed()) {
                        rc = Math.max(rc, 1);
                    }
                }
            } catch (ScenarioException e) {
                out.println("ERROR " + e.getMessage());
                rc = Math.max(rc, Main.EXIT_BAD_INPUT);
            }
        }
        out.flush();
        return rc;
    }

    private static List<Path> expand(List<Path> in) {
        List<Path> out = new ArrayList<>();
        for (Path p : in) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(x -> x.toString().endsWith(".json")).sorted().forEach(out::add);
                } catch (IOException e) {
                    out.add(p);
                }
            } else {
                out.add(p);
            }
        }
        return out;
    }
}
