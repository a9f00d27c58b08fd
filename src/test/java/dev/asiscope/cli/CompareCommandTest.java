package dev.asiscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code asiscope compare}: what the overhead column means. */
class CompareCommandTest {
    private static final String L1TF = "sample-traces/l1tf-guest-unmitigated.json";
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void overheadIsTheVictimsCostAndTheAttackersProbingIsReportedApart() throws Exception {
        // The attacker's reload loop runs faster after a flush (fewer of its probe lines hit), which made the
        // flush look like a speed-up of the whole run. The host work it protects really pays for the flush.
        CliRunner r = CliRunner.run("compare", L1TF, "--policies", "none,l1d-flush-always,asi", "--format", "json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode a = json.readTree(r.out());
        assertEquals(0.0, a.get(0).get("overheadPercent").asDouble());
        for (int i = 1; i < a.size(); i++) {
            JsonNode row = a.get(i);
            assertTrue(row.get("overheadPercent").asDouble() > 0, row.toString());
            assertTrue(row.get("victimCycles").asLong() > a.get(0).get("victimCycles").asLong(), row.toString());
            assertTrue(row.get("attackerCycles").asLong() > 0, row.toString());
            assertTrue(row.has("attackerOverheadPercent"), row.toString());
        }
        String text = CliRunner.run("compare", L1TF, "--policies", "none,asi", "--no-chart").out();
        assertTrue(text.contains("victim cycles") && text.contains("attacker cyc"), text);
    }

    @Test
    void withoutAnAttackerTheVictimCyclesAreTheRunLength() throws Exception {
        CliRunner r = CliRunner.run("compare", "sample-traces/asi-restricted-exits.json", "--policies", "none,asi",
                "--format", "json");
        assertEquals(0, r.exitCode(), r.err());
        for (JsonNode row : json.readTree(r.out())) {
            assertEquals(row.get("totalCycles").asLong(), row.get("victimCycles").asLong(), row.toString());
            assertTrue(row.get("attackerCycles").isNull(), row.toString());
        }
    }
}
