package dev.asiscope.cli;

import dev.asiscope.scenario.ScenarioContents;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.scenario.MachineDefaultsText;
import dev.asiscope.scenario.ReportWriter;
import dev.asiscope.scenario.RunReport;
import dev.asiscope.scenario.ScenarioException;
import dev.asiscope.scenario.ScenarioLoader;
import dev.asiscope.scenario.ScenarioRunner;
import dev.asiscope.scenario.StateWriter;
import dev.asiscope.sim.engine.EventKind;
import dev.asiscope.sim.engine.MachineDefaults;
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
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code asiscope run}: simulate one scenario headless and report leaks, exposure, switches and costs. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Simulate a scenario headless and report what happened.",
            "",
            "Reports every leak with its causal chain (which access brought the secret into L1D, which mitigation "
                + "was missing, the transient load, the probe fill, the reload), exposure windows, VM exits, ASI exits, "
                + "L1D flushes, VERWs, sibling stuns, and the cycles spent per cost category."},
        footer = {"", "Examples:",
            "  asiscope run sample-traces/l1tf-guest-unmitigated.json",
            "  asiscope run sample-traces/cloud-mix.json --policy asi-stun-coresched --format json --out r.json",
            "  asiscope run s.json --until leak          # stop after the first leak",
            "  asiscope run s.json --until 5000000       # stop at cycle 5,000,000",
            "  asiscope run s.json --format json --events  # the report plus every event",
            "  asiscope run s.json --at 120000 --format json  # the state at cycle 120,000 and its hash",
            "  asiscope run --help-defaults                # every machine default and its source",
            "",
            "Exit codes: 0 success, 1 a leak occurred with --fail-on-leak, 2 bad input."})
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO", description = "Scenario JSON file.")
    Path scenario;

    @Option(names = "--help-defaults", description = "Print the machine defaults (every field of a scenario's"
            + " \"machine\" object and its latencies: type, unit, default, allowed values, meaning, source) and exit;"
            + " with --format json as a JSON array.")
    boolean helpDefaults;

    @Option(names = "--policy", paramLabel = "P",
            description = "Mitigation policy, e.g. none, asi-stun, l1d-flush-always+nosmt (default: the scenario's).")
    String policy;

    @Option(names = "--until", paramLabel = "CYCLE|EVENT",
            description = "Stop at this cycle, or after the first event of this kind (leak, asi-exit, vm-exit, ...).")
    String until;

    @Option(names = "--format", paramLabel = "FMT", defaultValue = "text", description = "text, json or csv (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = {"--out", "-o"}, paramLabel = "FILE", description = "Write the report to FILE (atomically) instead of stdout.")
    Path out;

    @Option(names = "--fail-on-leak", description = "Exit with code 1 if any leak occurred.")
    boolean failOnLeak;

    @Option(names = "--events", description = "Also list every event (text or json).")
    boolean events;

    @Option(names = "--at", paramLabel = "CYCLE",
            description = "Print the architectural state at CYCLE (reached from the nearest checkpoint, as the window"
                    + " rewinds) and its state hash, checked against a fresh run to that cycle; text or json.")
    Long at;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (scenario == null && !helpDefaults) {
            throw new ParameterException(spec.commandLine(), "Missing required parameter: 'SCENARIO'");
        }
        try {
            if (helpDefaults) {
                Formats.check(format, "text", "json");
                String text;
                if (format.equals("json")) {
                    List<Map<String, Object>> rows = new ArrayList<>();
                    for (MachineDefaults.Entry e : MachineDefaults.all()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("name", e.name());
                        row.put("type", e.type());
                        row.put("unit", e.unit());
                        row.put("default", e.value());
                        row.put("allowed", MachineDefaultsText.allowed(e));
                        row.put("description", e.description());
                        row.put("source", e.source());
                        rows.add(row);
                    }
                    text = ReportWriter.json(rows) + "\n";
                } else {
                    text = MachineDefaultsText.plain(spec.usageMessage().width());
                }
                Formats.emit(spec, out, text);
                return 0;
            }
            Formats.check(format, "text", "json", "csv");
            if ((events || at != null) && format.equals("csv")) {
                throw new ScenarioException(events ? "--events" : "--at", 0, 0, null,
                        "expected --format text or json (CSV has one row per run)");
            }
            if (at != null && (until != null || failOnLeak)) {
                throw new ScenarioException("--at", 0, 0, null, "--at prints the state at one cycle; it does not take "
                        + (until != null ? "--until" : "--fail-on-leak"));
            }
            if (at != null && at < 0) {
                throw new ScenarioException("--at", 0, 0, null, "expected a cycle >= 0, got " + at);
            }
            LoadedScenario s = ScenarioContents.loadRunnable(scenario);
            String p = policy == null ? s.policyName() : policy;
            ProgressBar bar = new ProgressBar("simulating");
            String name = scenario.getFileName().toString();
            if (at != null) {
                ScenarioRunner.StateAt st = ScenarioRunner.stateAt(s, p, at, c -> bar.update(0, 0,
                        String.format("cycle %,d", c)));
                bar.done();
                long upTo = st.machine().cycle();
                String text;
                if (format.equals("json")) {
                    ObjectNode o = StateWriter.stateJson(name, p, st);
                    if (events) {
                        o.set("events", StateWriter.eventsJson(st.history().log(), upTo));
                    }
                    text = ReportWriter.json(o) + "\n";
                } else {
                    text = StateWriter.stateText(name, p, st) + (events ? StateWriter.eventsText(st.history().log(), upTo)
                            : "");
                }
                Formats.emit(spec, out, text);
                return 0;
            }
            ScenarioRunner.Logged run;
            if (until != null && !until.chars().allMatch(Character::isDigit)) {
                run = ScenarioRunner.runLogged(s, p, Long.MAX_VALUE, eventKind(until), events, c -> bar.update(0, 0,
                        String.format("cycle %,d", c)));
            } else {
                long stop = until == null ? Long.MAX_VALUE : Long.parseLong(until);
                run = ScenarioRunner.runLogged(s, p, stop, null, events, c -> bar.update(0, 0,
                        String.format("cycle %,d", c)));
            }
            bar.done();
            RunReport r = run.report();
            String text;
            switch (format) {
                case "json" -> {
                    ObjectNode o = ReportWriter.runJson(name, r);
                    if (events) {
                        o.set("events", StateWriter.eventsJson(run.log(), Long.MAX_VALUE));
                    }
                    text = ReportWriter.json(o) + "\n";
                }
                case "csv" -> text = ReportWriter.runCsv(name, r);
                default -> text = ReportWriter.runText(name, r) + (events ? StateWriter.eventsText(run.log(), Long.MAX_VALUE)
                        : "");
            }
            Formats.emit(spec, out, text);
            return failOnLeak && !r.leaks().isEmpty() ? 1 : 0;
        } catch (ScenarioException e) {
            err.println("asiscope run: " + e.getMessage());
            return Main.EXIT_BAD_INPUT;
        } catch (IOException e) {
            err.println("asiscope run: cannot write " + out + ": " + e.getMessage());
            return Main.EXIT_BAD_INPUT;
        }
    }

    private static EventKind eventKind(String id) throws ScenarioException {
        try {
            return EventKind.fromId(id);
        } catch (IllegalArgumentException e) {
            throw new ScenarioException("--until", 0, 0, null, "expected a cycle number or an event kind such as"
                    + " leak, asi-exit, vm-exit; got '" + id + "'");
        }
    }
}
