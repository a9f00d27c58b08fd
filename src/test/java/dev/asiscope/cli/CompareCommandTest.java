package dev.asiscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asiscope.scenario.ScenarioException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    /** Two vCPUs of one VM on a core's two threads, each a workload of fast exits; the attacker-free core of cloud-mix. */
    private static final String SMALL = """
            {"format": 1, "name": "sweep", "machine": {"cores": 1, "threadsPerCore": 2},
             "vms": [{"id": 1}],
             "programs": [
               {"cpu": 0, "tasks": [{"vm": 1, "vcpu": 0, "ops": [{"op": "workload", "exits": 150,
                 "meanGuestCycles": 20000, "lines": 64, "seed": 3, "mix": {"MSR_WRITE": 3, "PREEMPTION_TIMER": 1}}]}]},
               {"cpu": 1, "tasks": [{"vm": 1, "vcpu": 1, "ops": [{"op": "workload", "exits": 150,
                 "meanGuestCycles": 20000, "lines": 64, "seed": 4, "mix": {"MSR_WRITE": 3, "PREEMPTION_TIMER": 1}}]}]}
             ]}
            """;

    @Test
    void sweepParsesListsAndEllipses() throws Exception {
        assertEquals(List.of(0.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0, 100.0),
                SensitiveShareSweep.parse("sensitive-share=0,10,...,100"));
        assertEquals(List.of(0.0, 25.0, 50.0, 75.0, 100.0), SensitiveShareSweep.parse("sensitive-share=0,25,...,100"));
        assertEquals(List.of(5.0, 50.0), SensitiveShareSweep.parse("sensitive-share=5,50"));
        for (String bad : new String[] {"share=0,10", "sensitive-share=0,x", "sensitive-share=0,...,100",
            "sensitive-share=10,5", "sensitive-share=0,150"}) {
            try {
                SensitiveShareSweep.parse(bad);
                throw new AssertionError("accepted " + bad);
            } catch (ScenarioException expected) {
                assertTrue(expected.getMessage().contains("--sweep"), expected.getMessage());
            }
        }
    }

    @Test
    void sweepShowsAsiGrowingWithTheSensitiveShareWhileFlushingAlwaysStaysFlat(@TempDir Path dir) throws Exception {
        Path s = dir.resolve("sweep.json");
        Files.writeString(s, SMALL);
        Path svg = dir.resolve("sweep.svg");
        CliRunner r = CliRunner.run("compare", s.toString(), "--sweep", "sensitive-share=0,50,100", "--policies",
                "none,l1d-flush-always,asi-stun", "--format", "json", "--svg", svg.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode o = json.readTree(r.out());
        assertEquals("sensitive-share", o.get("parameter").asText());
        assertEquals(3, o.get("valuesPercent").size());
        JsonNode flush = o.get("policies").get(1);
        JsonNode asi = o.get("policies").get(2);
        assertEquals("asi-stun", asi.get("policy").asText());
        // Each count includes the two vCPUs' power-offs (their return to the VMM leaves ASI).
        assertEquals(2, asi.get("asiExits").get(0).asLong());
        long half = asi.get("asiExits").get(1).asLong() - 2;
        assertTrue(half > 110 && half < 190, "about 150 of 300 exits: " + half);
        assertEquals(300 + 2, asi.get("asiExits").get(2).asLong());
        double a0 = asi.get("overheadPercent").get(0).asDouble();
        double a2 = asi.get("overheadPercent").get(2).asDouble();
        double f0 = flush.get("overheadPercent").get(0).asDouble();
        double f2 = flush.get("overheadPercent").get(2).asDouble();
        assertTrue(a2 > a0 + 1, "ASI pays for every sensitive exit: " + a0 + " -> " + a2);
        assertTrue(Math.abs(f2 - f0) < 1.5, "a flush on every entry does not care: " + f0 + " -> " + f2);
        String chart = Files.readString(svg);
        assertTrue(chart.startsWith("<?xml") && chart.contains("<svg") && chart.contains("asi-stun"), chart);
        // Deterministic, byte for byte (what scripts/regen-compare-table.sh --check relies on).
        Path again = dir.resolve("again.svg");
        assertEquals(0, CliRunner.run("compare", s.toString(), "--sweep", "sensitive-share=0,50,100", "--policies",
                "none,l1d-flush-always,asi-stun", "--svg", again.toString()).exitCode());
        assertEquals(chart, Files.readString(again));
        String text = CliRunner.run("compare", s.toString(), "--sweep", "sensitive-share=0,100", "--policies",
                "none,asi").out();
        assertTrue(text.contains("sensitive exits") && text.contains("100%") && text.contains("leaks"), text);
        assertEquals(2, CliRunner.run("compare", s.toString(), "--svg", svg.toString()).exitCode(), "--svg needs --sweep");
        assertEquals(2, CliRunner.run("compare", L1TF, "--sweep", "sensitive-share=0,100").exitCode(),
                "no workload to apply the share to");
    }

    @Test
    void parallelRunsGiveTheSameOutputAsOneAfterAnother(@TempDir Path dir) throws Exception {
        // All default policies (eight runs plus none) on one thread, on two, and on more threads than runs.
        String one = CliRunner.run("compare", L1TF, "--threads", "1", "--format", "json").out();
        assertTrue(one.contains("asi-stun-coresched"), one);
        assertEquals(one, CliRunner.run("compare", L1TF, "--threads", "2", "--format", "json").out());
        assertEquals(one, CliRunner.run("compare", L1TF, "--threads", "16", "--format", "json").out());
        String text = CliRunner.run("compare", L1TF, "--threads", "1").out();
        assertEquals(text, CliRunner.run("compare", L1TF).out(), "the default (one thread per processor)");
        // The baseline 'none' is run beside the others when not listed, and rows keep the listed order.
        String listed = CliRunner.run("compare", L1TF, "--policies", "asi,l1d-flush-always", "--threads", "1",
                "--format", "csv").out();
        assertEquals(listed, CliRunner.run("compare", L1TF, "--policies", "asi,l1d-flush-always", "--threads", "3",
                "--format", "csv").out());
        assertTrue(listed.indexOf("\nasi,") < listed.indexOf("\nl1d-flush-always,"), listed);
        // The sweep: every (share, policy) run in one pool.
        Path s = dir.resolve("sweep.json");
        Files.writeString(s, SMALL);
        String sweep1 = CliRunner.run("compare", s.toString(), "--sweep", "sensitive-share=0,50,100", "--policies",
                "l1d-flush-always,asi-stun", "--format", "json", "--threads", "1").out();
        assertTrue(sweep1.contains("asi-stun"), sweep1);
        assertEquals(sweep1, CliRunner.run("compare", s.toString(), "--sweep", "sensitive-share=0,50,100",
                "--policies", "l1d-flush-always,asi-stun", "--format", "json", "--threads", "4").out());
        // A bad policy is reported as such, whichever thread ran it.
        CliRunner bad = CliRunner.run("compare", L1TF, "--policies", "none,asi,no-such-policy", "--threads", "3");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("no-such-policy"), bad.err());
        assertEquals(2, CliRunner.run("compare", L1TF, "--threads", "0").exitCode());
    }
}
