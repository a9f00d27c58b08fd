package dev.asiscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.scenario.ScenarioContents;
import dev.asiscope.sim.engine.Policy;
import dev.asiscope.sim.engine.Simulation;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code asiscope bench}: what it reports (not how fast: figures are never asserted). */
class BenchCommandTest {

    @Test
    void reportsAccessesWithCyclesAndEventsAndStatesTheHeap() throws Exception {
        String scenario = "sample-traces/l1tf-guest-unmitigated.json";
        CliRunner r = CliRunner.run("bench", scenario, "--repeat", "1", "--warmup-seconds", "0", "--seeks", "2");
        assertEquals(0, r.exitCode(), r.err());
        String out = r.out();
        assertTrue(out.contains("  heap: initial "), out);
        assertTrue(out.contains(", collector "), out);
        Matcher m = Pattern.compile("\\(([\\d,]+) VM exits, ([\\d,]+) events, ([\\d,]+) memory accesses\\)").matcher(out);
        assertTrue(m.find(), out);
        long accesses = Long.parseLong(m.group(3).replace(",", ""));
        // The same count as a plain run of the scenario: the bench measures the run, it does not change it.
        long expected = Simulation.run(ScenarioContents.loadRunnable(Path.of(scenario)).spec(), Policy.parse("none"))
                .end().caches().accesses();
        assertEquals(expected, accesses);
        assertTrue(out.contains("accesses per second: "), out);
        assertTrue(out.contains("engine CPU time:     "), out);
        assertTrue(out.contains("events per second:   "), out);
        assertTrue(out.contains("cycles per second:   "), out);
        assertTrue(out.indexOf("history memory:") > out.indexOf("accesses per second:"),
                "memory is measured after the timed runs");
    }
}
