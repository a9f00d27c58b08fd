package dev.asiscope.cli;

import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.scenario.ScenarioException;
import dev.asiscope.scenario.ScenarioLoader;
import dev.asiscope.scenario.ScenarioTables;
import dev.asiscope.scenario.TablesReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code asiscope tables}: the page tables of a scenario's address spaces, structure by structure. */
@Command(name = "tables", mixinStandardHelpOptions = true,
        description = {"Show the page tables as they are in simulated memory.",
            "",
            "Lists every paging structure of each address space (full kernel table, each VM's ASI restricted "
                + "table, each process's kernel, KPTI user and ASI tables, each VM's guest table and EPT, and the "
                + "tables the scenario's cpus point to in its memory section) with its non-zero entries: level, "
                + "index, addresses, raw value, flags by their Intel SDM names, target, page size, the rights a walk "
                + "ends with, the region a host-physical page belongs to, and which frames tables share."},
        footer = {"", "Examples:",
            "  asiscope tables sample-traces/asi-restricted-exits.json --space restricted:vm1",
            "  asiscope tables sample-traces/l1tf-guest-unmitigated.json --at 200000 --space guest:vm1",
            "  asiscope tables s.json --format json --out tables.json",
            "",
            "Exit codes: 0 success, 2 bad input."})
public final class TablesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "Scenario JSON file.")
    Path scenario;

    @Option(names = "--at", paramLabel = "CYCLE", defaultValue = "0",
            description = "Read the tables as they are at this cycle of the run (default: ${DEFAULT-VALUE}, as built).")
    long at;

    @Option(names = "--space", paramLabel = "NAME", split = ",",
            description = "Only these address spaces (repeat or separate with commas), e.g. full,restricted:vm1.")
    List<String> spaces;

    @Option(names = "--policy", paramLabel = "P",
            description = "Mitigation policy the run uses (default: the scenario's); it decides the Global bit.")
    String policy;

    @Option(names = "--format", paramLabel = "FMT", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = {"--out", "-o"}, paramLabel = "FILE", description = "Write to FILE (atomically) instead of stdout.")
    Path out;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            Formats.check(format, "text", "json");
            if (at < 0) {
                throw new ScenarioException("--at", 0, 0, null, "expected a cycle >= 0, got " + at);
            }
            LoadedScenario s = ScenarioLoader.load(scenario);
            ScenarioTables t = ScenarioTables.at(s, policy, at);
            List<String> chosen = new ArrayList<>();
            for (String name : spaces == null ? t.tables().names() : spaces) {
                chosen.add(t.tree(name).space().name());
            }
            String name = scenario.getFileName().toString();
            String text = format.equals("json") ? TablesReport.json(name, t, chosen) : TablesReport.text(name, t, chosen);
            Formats.emit(spec, out, text);
            return 0;
        } catch (ScenarioException e) {
            err.println("asiscope tables: " + e.getMessage());
            return Main.EXIT_BAD_INPUT;
        } catch (IOException e) {
            err.println("asiscope tables: cannot write " + out + ": " + e.getMessage());
            return Main.EXIT_BAD_INPUT;
        }
    }
}
