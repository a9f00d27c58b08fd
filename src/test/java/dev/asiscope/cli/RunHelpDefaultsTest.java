package dev.asiscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.asiscope.scenario.MachineDefaultsText;
import dev.asiscope.sim.engine.MachineDefaults;
import org.junit.jupiter.api.Test;

/** {@code asiscope run --help-defaults} prints the one table of machine defaults. */
class RunHelpDefaultsTest {
    @Test
    void printsEveryDefaultWithItsSource() {
        CliRunner r = CliRunner.run("run", "--help-defaults");
        assertEquals(0, r.exitCode(), r.err());
        for (MachineDefaults.Entry e : MachineDefaults.all()) {
            String value = MachineDefaultsText.value(e);
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(e.name() + " ") && l.contains(" " + value)),
                    e.name() + " = " + value + " in\n" + r.out());
        }
        assertTrue(r.out().contains("maxCycles") && r.out().contains("2000000000"), r.out());
        assertTrue(r.out().contains("source: [SVM-TIMING]"), r.out());
        for (String line : r.out().split("\n")) {
            assertTrue(line.length() <= 100, "wrapped to the usage width: " + line);
        }
    }

    @Test
    void printsTheTableAsJson() throws Exception {
        CliRunner r = CliRunner.run("run", "--help-defaults", "--format", "json");
        assertEquals(0, r.exitCode(), r.err());
        var rows = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertEquals(MachineDefaults.all().size(), rows.size());
        assertEquals("maxCycles", rows.get(MachineDefaults.machine().indexOf(MachineDefaults.MAX_CYCLES)).get("name")
                .asText());
        assertEquals(2_000_000_000L, rows.get(MachineDefaults.machine().indexOf(MachineDefaults.MAX_CYCLES))
                .get("default").asLong());
    }

    @Test
    void runWithoutAScenarioStillSaysWhatIsMissing() {
        CliRunner r = CliRunner.run("run");
        assertEquals(Main.EXIT_BAD_INPUT, r.exitCode());
        assertTrue(r.err().contains("Missing required parameter: 'SCENARIO'"), r.err());
    }
}
