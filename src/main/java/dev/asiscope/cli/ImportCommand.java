package dev.asiscope.cli;

import dev.asiscope.scenario.importer.AddressSpaceDump;
import dev.asiscope.scenario.importer.ExitCountReport;
import dev.asiscope.scenario.importer.ExitCountsImporter;
import dev.asiscope.scenario.importer.ImportException;
import dev.asiscope.scenario.importer.ImportReport;
import dev.asiscope.scenario.importer.KvmExitTrace;
import dev.asiscope.scenario.importer.KvmTraceImporter;
import dev.asiscope.scenario.importer.PerfKvmStatImporter;
import dev.asiscope.scenario.importer.PerfKvmStatReport;
import dev.asiscope.scenario.importer.PtdumpImporter;
import dev.asiscope.scenario.importer.WorkloadGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code asiscope import ptdump|kvm-trace|perf-kvm-stat|exit-counts <file>}: imports real Linux data and
 * prints a summary (text) or the import result (JSON).
 *
 * <p>Exit codes: 0 success; 2 the input could not be imported or the command line was wrong (one line
 * {@code file:line:col: message} on stderr, never a stack trace); 1 the output file could not be written.
 */
@Command(name = "import",
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
            "Import real Linux data and print a summary (text) or the import result (JSON).",
            "",
            "Kinds:",
            "  ptdump         x86-64 page-table dumps: /sys/kernel/debug/page_tables/*,",
            "                 kernel_page_tables, boot-time dumps in dmesg; quoted,",
            "                 timestamped, grep -r prefixed or mail-wrapped text is fine.",
            "                 32-bit (i386) dumps are rejected.",
            "  kvm-trace      ftrace / trace-cmd / perf script output with kvm_exit (and",
            "                 kvm_entry) events; every format generation, VMX and SVM names.",
            "  perf-kvm-stat  'perf kvm stat report' / 'live' tables: VM-EXIT, IO Port, MSR,",
            "                 MMIO; old and new layouts, wrapped rows, [..] elisions.",
            "  exit-counts    bcc kvmexit.py, perf-prof kvm-exit and per-exit-code counters.",
            ""},
        footer = {
            "",
            "Examples:",
            "  asiscope import ptdump /sys/kernel/debug/page_tables/current_user",
            "  asiscope import ptdump dmesg.txt --format json -o efi.json",
            "  asiscope import ptdump grep-output.txt --dump current_user",
            "  trace-cmd report > trace.txt; asiscope import kvm-trace trace.txt",
            "  asiscope import kvm-trace trace.txt --format json --sequences -o exits.json",
            "  perf kvm stat report > stat.txt; asiscope import perf-kvm-stat stat.txt",
            "  asiscope import perf-kvm-stat stat.txt --scenario replay.json",
            "  asiscope compare replay.json",
            "",
            "Exit codes: 0 ok, 1 cannot write output, 2 bad input or arguments.",
            "Errors are printed as one line: file:line:col: message"})
public final class ImportCommand implements Callable<Integer> {

    /** Output formats. */
    public enum Format {
        text, json
    }

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Parameters(index = "0", paramLabel = "KIND",
            description = "What the file holds: ptdump, kvm-trace, perf-kvm-stat or exit-counts.",
            completionCandidates = Kinds.class)
    String kind;

    @Parameters(index = "1", paramLabel = "FILE", description = "The file to import.")
    Path file;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format = Format.text;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "Write the output to OUT (atomically: temp file + rename) instead of stdout.")
    Path output;

    @Option(names = "--dump", paramLabel = "N|NAME",
            description = "ptdump: which dump of a multi-dump file to show (1-based index or name such as "
                    + "current_user; default: the first).")
    String dump;

    @Option(names = "--sequences",
            description = "kvm-trace with --format json: include every exit per vCPU (timestamp, reason, rip, "
                    + "info fields, handling time).")
    boolean sequences;

    @Option(names = "--scenario", paramLabel = "OUT.json",
            description = "kvm-trace, perf-kvm-stat, exit-counts: also write a scenario that replays the exit mix "
                    + "(atomically; checked by loading it back). Run it with 'asiscope compare OUT.json', or use "
                    + "'asiscope cost' for both steps. The options below shape it.")
    Path scenarioOut;

    @Mixin
    ReplayOptions replay = new ReplayOptions();

    /** The generator options when a scenario is to be written, else null. */
    private WorkloadGenerator.Options replayOptions;

    /** The generated scenario, set by {@link #render()} when {@code --scenario} is given. */
    private Replays.Replay generated;

    /** Completion candidates for KIND. */
    static final class Kinds implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return List.of("ptdump", "kvm-trace", "perf-kvm-stat", "exit-counts").iterator();
        }
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (scenarioOut == null && replay.anyGiven()) {
            err.println("asiscope import: --ghz, --exits-per-second, --exits, --cores, --threads and --vms only "
                    + "apply with --scenario");
            err.flush();
            return 2;
        }
        if (scenarioOut != null) {
            try {
                replayOptions = replay.options(file.getFileName().toString());
            } catch (IllegalArgumentException e) {
                err.println("asiscope import: " + e.getMessage());
                err.flush();
                return 2;
            }
        }
        String out;
        try {
            out = render();
        } catch (ImportException e) {
            err.println(e.getMessage());
            err.flush();
            return 2;
        } catch (RuntimeException e) {
            // Importers are not supposed to throw anything else; keep the one-line contract anyway.
            err.println(file + ":0:0: internal error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            err.flush();
            return 2;
        }
        if (generated != null) {
            try {
                dev.asiscope.scenario.AtomicFiles.writeString(scenarioOut, generated.json());
            } catch (IOException | RuntimeException e) {
                err.println(scenarioOut + ":0:0: cannot write scenario: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()));
                err.flush();
                return 1;
            }
            err.println("asiscope import: wrote " + scenarioOut + " (" + generated.loaded().spec().logicalCpus()
                    + " vCPUs replaying " + generated.mix().counts().size() + " exit reason(s); run it with "
                    + "'asiscope compare " + scenarioOut + "')");
            err.flush();
        }
        return emit(spec, output, out);
    }

    static int emit(CommandSpec spec, Path output, String out) {
        if (output == null) {
            PrintWriter w = spec.commandLine().getOut();
            w.print(out);
            w.flush();
            return 0;
        }
        try {
            dev.asiscope.scenario.AtomicFiles.writeString(output, out);
            return 0;
        } catch (IOException | RuntimeException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(output + ":0:0: cannot write output: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            err.flush();
            return 1;
        }
    }

    private String render() throws ImportException {
        String k = kind == null ? "" : kind.toLowerCase(Locale.ROOT);
        boolean json = format == Format.json;
        switch (k) {
            case "ptdump": {
                if (replayOptions != null) {
                    throw new ImportException(String.valueOf(file), 0, 0, "--scenario needs an exit mix: "
                            + "kvm-trace, perf-kvm-stat or exit-counts input, not ptdump");
                }
                List<AddressSpaceDump> all = new PtdumpImporter().parseAll(file);
                int idx = selectDump(file.toString(), all, dump);
                return json ? ImportReport.toJson(ImportReport.json(all, idx)) : ImportReport.text(all, idx);
            }
            case "kvm-trace":
            case "kvm_exit":
            case "trace": {
                KvmExitTrace t = new KvmTraceImporter().parse(file);
                if (replayOptions != null) {
                    generated = Replays.of(t, file, replayOptions);
                }
                return json ? ImportReport.toJson(ImportReport.json(t, sequences)) : ImportReport.text(t);
            }
            case "perf-kvm-stat":
            case "perf": {
                PerfKvmStatReport r = new PerfKvmStatImporter().parse(file);
                if (replayOptions != null) {
                    generated = Replays.of(r, file, replayOptions);
                }
                return json ? ImportReport.toJson(ImportReport.json(r)) : ImportReport.text(r);
            }
            case "exit-counts": {
                ExitCountReport r = new ExitCountsImporter().parse(file);
                if (replayOptions != null) {
                    generated = Replays.of(r, file, replayOptions);
                }
                return json ? ImportReport.toJson(ImportReport.json(r)) : ImportReport.text(r);
            }
            default:
                throw new ImportException(String.valueOf(file), 0, 0, "unknown kind '" + kind
                        + "' (expected ptdump, kvm-trace, perf-kvm-stat or exit-counts)");
        }
    }

    /** Resolves {@code --dump} (1-based index or name) to an index into {@code all}. */
    static int selectDump(String source, List<AddressSpaceDump> all, String which) throws ImportException {
        if (which == null || which.isBlank()) {
            return 0;
        }
        try {
            int n = Integer.parseInt(which.strip());
            if (n >= 1 && n <= all.size()) {
                return n - 1;
            }
            throw new ImportException(source, 0, 0, "--dump " + which + ": the input holds " + all.size()
                    + " dump(s)");
        } catch (NumberFormatException e) {
            for (int i = 0; i < all.size(); i++) {
                if (which.strip().equals(all.get(i).name())) {
                    return i;
                }
            }
            throw new ImportException(source, 0, 0, "--dump " + which + ": no dump of that name");
        }
    }
}
