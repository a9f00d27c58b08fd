package dev.asiscope.cli;

import dev.asiscope.scenario.ScenarioContents;
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
                + "versus 'none', L1D flushes, stuns and ASI exits, their rates per simulated second at --ghz, and "
                + "(text) a bar chart of the overheads. With --sweep: the overheads as the share of sensitive VM exits "
                + "grows."},
        footer = {"", "Default policies: " + CompareCommand.DEFAULTS,
            "Combine switches with '+', e.g. l1d-flush-always+nosmt.",
            "",
            "Examples:",
            "  asiscope compare sample-traces/cloud-mix.json",
            "  asiscope compare s.json --policies none,asi,asi-stun --format csv",
            "  asiscope compare replay.json --ghz 2.5 --no-chart",
            "  asiscope compare sample-traces/cloud-mix.json --sweep sensitive-share=0,10,...,100 --svg sweep.svg",
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

    @Option(names = "--ghz", paramLabel = "G", defaultValue = "3.0",
            description = "Simulated clock for the per-second rates: seconds = total cycles / (G x 10^9) "
                    + "(default: ${DEFAULT-VALUE}).")
    double ghz = 3.0;

    @Option(names = "--chart", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Text format: a bar chart of each policy's overhead (default: on; --no-chart: off).")
    boolean chart = true;

    @Option(names = "--sweep", paramLabel = "sensitive-share=V,...",
            description = {"Instead of one table: each policy's overhead as the share (percent) of VM exits whose "
                + "handling touches sensitive memory grows, set on every workload of the scenario, e.g. "
                + "sensitive-share=0,10,...,100 ('...' continues the step)."})
    String sweep;

    @Option(names = "--svg", paramLabel = "FILE",
            description = "With --sweep: also draw the sweep as an SVG line chart into FILE (atomically).")
    Path svg;

    @Option(names = "--threads", paramLabel = "N",
            description = "Run up to N policies (or sweep points) at once (default: one per processor, here "
                    + "${DEFAULT-VALUE}). The output is the same for every N.")
    int threads = ParallelRuns.defaultThreads();

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            Formats.check(format, "text", "json", "csv");
            checkGhz(ghz);
            if (threads < 1) {
                throw new ScenarioException("--threads", 0, 0, null, "expected at least 1 thread; got " + threads);
            }
            if (svg != null && sweep == null) {
                throw new ScenarioException("--svg", 0, 0, null, "--svg draws a sweep; give --sweep too");
            }
            List<Double> shares = sweep == null ? null : SensitiveShareSweep.parse(sweep);
            LoadedScenario s = ScenarioContents.loadRunnable(scenario);
            if (shares != null) {
                return sweep(s, shares);
            }
            List<ReportWriter.CompareRow> rows = run(s, policies, threads);
            String name = scenario.getFileName().toString();
            String text = switch (format) {
                case "json" -> ReportWriter.json(ReportWriter.compareJson(rows, ghz)) + "\n";
                case "csv" -> ReportWriter.compareCsv(rows, ghz);
                default -> ReportWriter.compareText(name, rows, ghz, chart, s.spec().logicalCpus());
            };
            Formats.emit(spec, out, text);
            return 0;
        } catch (ScenarioException e) {
            err.println("asiscope compare: " + e.getMessage());
            return Main.EXIT_BAD_INPUT;
        } catch (IOException e) {
            err.println("asiscope compare: " + (e.getMessage() != null && e.getMessage().startsWith("cannot write")
                    ? e.getMessage() : "cannot write " + out + ": " + e.getMessage()));
            return Main.EXIT_BAD_INPUT;
        }
    }

    private int sweep(LoadedScenario s, List<Double> shares) throws ScenarioException, IOException {
        List<String> list = policies == null || policies.isEmpty() ? List.of(DEFAULTS.split(",")) : policies;
        SensitiveShareSweep result = SensitiveShareSweep.run(scenario.getFileName().toString(), s, list, shares,
                threads);
        String text = switch (format) {
            case "json" -> ReportWriter.json(result.json()) + "\n";
            case "csv" -> result.csv();
            default -> result.text();
        };
        if (svg != null) {
            try {
                dev.asiscope.scenario.AtomicFiles.writeString(svg, SweepChart.svg(result));
            } catch (IOException e) {
                throw new IOException("cannot write " + svg + ": " + e.getMessage(), e);
            }
        }
        Formats.emit(spec, out, text);
        return 0;
    }

    /** {@link #run(LoadedScenario, List, int)} on one thread per processor. */
    static List<ReportWriter.CompareRow> run(LoadedScenario s, List<String> policies) throws ScenarioException {
        return run(s, policies, ParallelRuns.defaultThreads());
    }

    /**
     * Runs {@code s} under each policy (default: {@link #DEFAULTS}) and under 'none' for the baseline, up to
     * {@code threads} runs at once; the rows are in the order of the policies whatever the thread count.
     */
    static List<ReportWriter.CompareRow> run(LoadedScenario s, List<String> policies, int threads)
            throws ScenarioException {
        List<String> list = new ArrayList<>();
        for (String p : policies == null || policies.isEmpty() ? List.of(DEFAULTS.split(",")) : policies) {
            list.add(p.trim());
        }
        List<String> labels = new ArrayList<>(list);
        if (!list.contains("none")) {
            labels.add("none"); // the baseline, run beside the others
        }
        List<ParallelRuns.Run<RunReport>> jobs = new ArrayList<>();
        for (String p : labels) {
            jobs.add(() -> ScenarioRunner.run(s, p));
        }
        ProgressBar bar = new ProgressBar("comparing");
        List<RunReport> reports = ParallelRuns.run(jobs, labels, threads, bar);
        bar.done();
        Map<String, RunReport> runs = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            runs.put(list.get(i), reports.get(i));
        }
        RunReport baseline = reports.get(labels.indexOf("none"));
        return new ArrayList<>(ReportWriter.compareRows(runs, baseline));
    }

    static void checkGhz(double ghz) throws ScenarioException {
        if (!(ghz > 0) || ghz > 100 || Double.isInfinite(ghz)) {
            throw new ScenarioException("--ghz", 0, 0, null, "expected a clock in GHz, > 0 and <= 100; got " + ghz);
        }
    }
}
