package dev.asiscope.cli;

import dev.asiscope.scenario.ScenarioContents;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.scenario.Scenario;
import dev.asiscope.scenario.ScenarioException;
import dev.asiscope.scenario.WhatIf;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code asiscope whatif}: a scenario with edits beside the scenario without them. */
@Command(name = "whatif", mixinStandardHelpOptions = true,
        description = {"Run a scenario with 'what if' edits and compare it with the unedited run.",
            "",
            "Each --edit is one object of the scenario format's 'edits' section (an entry's bits, a region",
            "mapped or unmapped in one table, a region's sensitivity). The edited run is redone from the",
            "earliest edit's cycle; leaks, exposure, exits, flushes and cycles of both runs are printed.",
            "--save writes the scenario with the edits, which 'asiscope run' reproduces exactly."},
        footer = {"", "Examples:",
            "  asiscope whatif sample-traces/l1tf-guest-unmitigated.json --policy asi \\",
            "      --edit '{\"edit\":\"sensitivity\",\"region\":\"host-secret\",\"sensitivity\":\"global-nonsensitive\"}'",
            "  asiscope whatif s.json --edit '{\"edit\":\"unmap\",\"cycle\":50000,\"space\":\"restricted:vm1\","
                + "\"region\":\"percpu\"}' --save s-whatif.json",
            "",
            "Exit codes: 0 success, 2 bad input."})
public final class WhatIfCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "Scenario JSON file.")
    Path scenario;

    @Option(names = "--edit", paramLabel = "JSON", required = true,
            description = "One edit as a JSON object (repeat for several, applied in order).")
    List<String> edits;

    @Option(names = "--policy", paramLabel = "P", description = "Policy of both runs (default: the scenario's).")
    String policy;

    @Option(names = "--save", paramLabel = "FILE",
            description = "Write the scenario with the edits to FILE (atomically).")
    Path save;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            LoadedScenario s = ScenarioContents.loadRunnable(scenario);
            WhatIf w = new WhatIf(s, policy);
            for (int i = 0; i < edits.size(); i++) {
                Scenario.EditSpec e;
                try {
                    e = JSON.readValue(edits.get(i), Scenario.EditSpec.class);
                } catch (com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException ex) {
                    List<String> known = new java.util.ArrayList<>();
                    ex.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
                    java.util.Collections.sort(known);
                    throw new ScenarioException("--edit " + (i + 1), ex.getLocation().getLineNr(),
                            ex.getLocation().getColumnNr(), null, "unknown field '" + ex.getPropertyName() + "'"
                            + dev.asiscope.scenario.DidYouMean.hint(ex.getPropertyName(), known) + " (expected one of: "
                            + String.join(", ", known) + ")");
                } catch (JsonProcessingException ex) {
                    Throwable cause = ex.getCause() instanceof IllegalArgumentException iae ? iae : ex;
                    String msg = cause == ex ? ex.getOriginalMessage() : cause.getMessage();
                    throw new ScenarioException("--edit " + (i + 1), ex.getLocation() == null ? 0
                            : ex.getLocation().getLineNr(), ex.getLocation() == null ? 0
                            : ex.getLocation().getColumnNr(), null, msg);
                }
                w.apply(e);
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(w.comparisonText());
            out.println("re-run from cycle " + String.format("%,d", w.rerunFrom()));
            if (save != null) {
                w.saveAs(save);
                out.println("saved " + save);
            }
            out.flush();
            return 0;
        } catch (ScenarioException e) {
            err.println("asiscope whatif: " + e.getMessage());
            return Main.EXIT_BAD_INPUT;
        } catch (IOException e) {
            err.println("asiscope whatif: cannot write " + save + ": " + e.getMessage());
            return Main.EXIT_BAD_INPUT;
        }
    }
}
