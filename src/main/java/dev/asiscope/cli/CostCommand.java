package dev.asiscope.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asiscope.scenario.AtomicFiles;
import dev.asiscope.scenario.OpJson;
import dev.asiscope.scenario.ReportWriter;
import dev.asiscope.scenario.ScenarioException;
import dev.asiscope.scenario.importer.WorkloadGenerator;
import dev.asiscope.scenario.importer.ImportException;
import dev.asiscope.scenario.importer.ImportReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code asiscope cost FILE --kind K}: what each mitigation would cost on a measured workload, in one
 * step: import the exit mix, generate the replay scenario, compare the policies on it, print the report.
 *
 * <p>Exit codes: 0 success; 2 the input cannot be imported or the arguments are wrong (one line on
 * stderr); 1 the output cannot be written.
 */
@Command(name = "cost",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Estimate what each mitigation would cost on a measured VM-exit mix.",
            "",
            "Imports the exit mix (perf kvm stat, a kvm_exit trace or exit counts), generates a scenario that "
                + "replays it, compares the policies on it and prints each policy's overhead, L1D flushes, sibling "
                + "stuns and ASI exits per simulated second.",
            ""},
        footer = {
            "",
            "The report starts with the generated scenario's description: the mix and",
            "what was measured and what assumed (exit rate, handler times, HLT cap,",
            "machine). --scenario saves the scenario to rerun or edit it with compare.",
            "",
            "Examples:",
            "  perf kvm stat report > stat.txt",
            "  asiscope cost stat.txt --kind perf-kvm-stat",
            "  asiscope cost trace.txt --kind kvm-trace --format json -o cost.json",
            "  asiscope cost counts.txt --kind exit-counts --exits-per-second 5000",
            "  asiscope cost stat.txt --kind perf-kvm-stat --policies none,asi,asi-stun \\",
            "      --scenario replay.json",
            "",
            "Exit codes: 0 ok, 1 cannot write output, 2 bad input or arguments."})
public final class CostCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Parameters(index = "0", paramLabel = "FILE", description = "The measured exit data.")
    Path file;

    @Option(names = "--kind", required = true, paramLabel = "KIND", completionCandidates = Kinds.class,
            description = "What FILE holds: ${COMPLETION-CANDIDATES}.")
    String kind;

    @Option(names = "--format", paramLabel = "FMT", defaultValue = "text",
            description = "text, json or csv (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = {"-o", "--out"}, paramLabel = "OUT", description = "Write the report to OUT (atomically).")
    Path out;

    @Option(names = "--policies", paramLabel = "P,...", split = ",",
            description = "Policies to compare (default: " + CompareCommand.DEFAULTS + ").")
    List<String> policies;

    @Option(names = "--chart", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Text format: a bar chart of each policy's overhead (default: on; --no-chart: off).")
    boolean chart = true;

    @Option(names = "--scenario", paramLabel = "OUT.json",
            description = "Also write the generated scenario to OUT.json (atomically).")
    Path scenarioOut;

    @Mixin
    ReplayOptions replay = new ReplayOptions();

    /** Completion candidates for --kind. */
    static final class Kinds implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Replays.KINDS.iterator();
        }
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        WorkloadGenerator.Options options;
        try {
            Formats.check(format, "text", "json", "csv");
            if (!Replays.KINDS.contains(kind.toLowerCase(Locale.ROOT))) {
                throw new ScenarioException("--kind", 0, 0, null, "expected " + String.join(", ", Replays.KINDS)
                        + "; got '" + kind + "'");
            }
            options = replay.options(file.getFileName() == null ? file.toString() : file.getFileName().toString());
        } catch (ScenarioException | IllegalArgumentException e) {
            return fail(err, "asiscope cost: " + e.getMessage());
        }
        Replays.Replay r;
        try {
            r = Replays.of(kind, file, options);
        } catch (ImportException e) {
            return fail(err, e.getMessage());
        }
        List<ReportWriter.CompareRow> rows;
        try {
            rows = CompareCommand.run(r.loaded(), policies);
        } catch (ScenarioException e) {
            return fail(err, "asiscope cost: " + e.getMessage());
        }
        double ghz = options.ghz();
        String text = switch (format) {
            case "json" -> ReportWriter.json(json(r, rows, ghz)) + "\n";
            case "csv" -> ReportWriter.compareCsv(rows, ghz);
            default -> text(r, rows, ghz);
        };
        try {
            if (scenarioOut != null) {
                AtomicFiles.writeString(scenarioOut, r.json());
            }
        } catch (IOException | RuntimeException e) {
            err.println(scenarioOut + ":0:0: cannot write scenario: " + e.getMessage());
            err.flush();
            return 1;
        }
        try {
            Formats.emit(spec, out, text);
        } catch (IOException | RuntimeException e) {
            err.println(out + ":0:0: cannot write output: " + e.getMessage());
            err.flush();
            return 1;
        }
        return 0;
    }

    private static int fail(PrintWriter err, String message) {
        err.println(message);
        err.flush();
        return Main.EXIT_BAD_INPUT;
    }

    private String text(Replays.Replay r, List<ReportWriter.CompareRow> rows, double ghz) {
        StringBuilder sb = new StringBuilder();
        sb.append("What would it cost? ").append(file.getFileName()).append(" (").append(kind).append(")\n\n");
        sb.append(wrap(r.scenario().description(), 100)).append('\n');
        OpJson.Workload w = workload(r);
        String title = String.format(Locale.ROOT, "%s: %d vCPUs x %,d exits", r.scenario().name(),
                r.loaded().spec().logicalCpus(), w == null ? 0 : w.exits());
        sb.append(ReportWriter.compareText(title, rows, ghz, chart, r.loaded().spec().logicalCpus()));
        return sb.toString();
    }

    private ObjectNode json(Replays.Replay r, List<ReportWriter.CompareRow> rows, double ghz) {
        ObjectNode o = JSON.createObjectNode();
        o.put("input", file.toString());
        o.put("kind", kind);
        o.put("ghz", ghz);
        o.set("exitMix", ImportReport.json(r.mix()));
        ObjectNode s = o.putObject("scenario");
        s.put("name", r.scenario().name());
        s.put("description", r.scenario().description());
        s.put("cores", r.loaded().spec().cores());
        s.put("threadsPerCore", r.loaded().spec().threadsPerCore());
        s.put("vms", r.loaded().spec().vms().size());
        OpJson.Workload w = workload(r);
        if (w != null) {
            s.put("exitsPerVcpu", w.exits());
            s.put("meanGuestCycles", w.meanGuestCycles());
        }
        o.set("policies", ReportWriter.compareJson(rows, ghz));
        return o;
    }

    private static OpJson.Workload workload(Replays.Replay r) {
        for (var p : r.scenario().programs()) {
            for (var t : p.tasks()) {
                for (OpJson op : t.ops()) {
                    if (op instanceof OpJson.Workload w) {
                        return w;
                    }
                }
            }
        }
        return null;
    }

    /** {@code text} broken into lines of at most {@code width} characters at spaces. */
    static String wrap(String text, int width) {
        StringBuilder sb = new StringBuilder();
        int col = 0;
        for (String word : text.split(" ")) {
            if (word.isEmpty()) {
                continue;
            }
            if (col > 0 && col + 1 + word.length() > width) {
                sb.append('\n');
                col = 0;
            } else if (col > 0) {
                sb.append(' ');
                col++;
            }
            sb.append(word);
            col += word.length();
        }
        return sb.append('\n').toString();
    }
}
