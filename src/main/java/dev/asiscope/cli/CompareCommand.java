package dev.asiscope.cli;

import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.scenario.ReportWriter;
import dev.asiscope.scenario.RunReport;
import dev.asiscope.scenario.ScenarioException;
import dev.asiscope.scenario.ScenarioLoader;
import dev.asiscope.scenario.ScenarioRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code asiscope compare}: one table of several policies on the same scenario. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare mitigation policies on one scenario in one table.",
            "",
            "Runs the scenario under each policy and tabulates leaks, exposure cycles, total cycles, overhead "
                + "versus 'none', L1D flushes, stuns and ASI exits."},
        footer = {"", "Default policies: " + CompareCommand.DEFAULTS,
            "Combine switches with '+', e.g. l1d-flush-always+nosmt.",
            "",
            "Examples:",
            "  asiscope compare sample-traces/cloud-mix.json",
            "  asiscope compare s.json --policies none,asi,asi-stun --format csv",
            "",
            "Exit codes: 0 success, 2 bad input."})
public final class CompareCommand implements Callable<Integer> {
    static final String DEFAULTS = "none,l1d-flush-cond,l1d-flush-always,l1d-flush-always+nosmt,core-scheduling,asi,"
            + "asi-stun,asi-stun-coresched";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "Scenario JSON file.")
    Path scenario;

    @Option(names = "--policies", paramLabel = "P,...", split = ",", description = "Policies to compare.")
    List<String> policies;

    @Option(names = "--format", paramLabel = "FMT", defaultValue = "text", description = "text, json or csv (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = {"--out", "-o"}, paramLabel = "FILE", description = "Write the table to FILE (atomically).")
    Path out;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            Formats.check(format, "text", "json", "csv");
            LoadedScenario s = ScenarioLoader.load(scenario);
            List<String> list = policies == null || policies.isEmpty() ? List.of(DEFAULTS.split(",")) : policies;
            ProgressBar bar = new ProgressBar("comparing");
            Map<String, RunReport> runs = new LinkedHashMap<>();
            int i = 0;
            for (String p : list) {
                bar.update(i++, list.size(), p);
                runs.put(p, ScenarioRunner.run(s, p.trim()));
            }
            RunReport baseline = runs.containsKey("none") ? runs.get("none") : ScenarioRunner.run(s, "none");
            bar.done();
            List<ReportWriter.CompareRow> rows = new ArrayList<>(ReportWriter.compareRows(runs, baseline));
            String name = scenario.getFileName().toString();
            String text = switch (format) {
                case "json" -> ReportWriter.json(ReportWriter.compareJson(rows)) + "\n";
                case "csv" -> ReportWriter.compareCsv(rows);
                default -> ReportWriter.compareText(name, rows);
            };
            Formats.emit(spec, out, text);
            return 0;
        } catch (ScenarioException e) {
            err.println("asiscope compare: " + e.getMessage());
            return Main.EXIT_BAD_INPUT;
        } catch (IOException e) {
            err.println("asiscope compare: cannot write " + out + ": " + e.getMessage());
            return Main.EXIT_BAD_INPUT;
        }
    }
}
