package dev.asiscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --format json} per-CPU counts, {@code --events}, {@code --at CYCLE}, and the new expectation filters. */
class RunInspectionTest {
    private static final String SIBLING = "sample-traces/sibling-leak-flush-cannot-stop.json";
    private static final String ASI = "sample-traces/asi-exit-flush.json";
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void runJsonReportsPerCpuCountsThatAddUpToTheTotals() throws Exception {
        JsonNode r = json.readTree(CliRunner.run("run", SIBLING, "--format", "json", "--policy", "asi-stun", "--events")
                .out());
        JsonNode cpus = r.get("cpus");
        assertEquals(2, cpus.size());
        for (String k : new String[] {"vmExits", "asiExits", "l1dFlushes", "verws", "contextSwitches", "leaks"}) {
            long sum = 0;
            for (JsonNode c : cpus) {
                sum += c.get(k).asLong();
            }
            long total = k.equals("leaks") ? r.get("leaks").size() : r.get(k).asLong();
            assertEquals(total, sum, k);
        }
        // Stuns are IPIs: this run also holds a sibling already in the host once (a stun event, no IPI),
        // which neither the total nor the per-CPU count counts.
        long held = 0;
        for (JsonNode e : r.get("events")) {
            held += e.get("kind").asText().equals("stun") && e.get("detail").asText().contains("no IPI") ? 1 : 0;
        }
        assertTrue(held > 0, "a held sibling");
        assertEquals(r.get("stuns").asLong(), cpus.get(0).get("stunned").asLong() + cpus.get(1).get("stunned").asLong());
        assertTrue(cpus.get(0).get("cyclesByCategory").get("attack").asLong() > 0, "cpu0 is the attacker");
        // cpu1 probes nothing; its "attack" cycles are only the SMT slowdown its probing sibling inflicts on
        // it, which is charged to the attack, not to a mitigation (model.md, "SMT contention").
        assertEquals(0, cpus.get(1).get("transientLoads").asLong());
        assertTrue(cpus.get(1).get("cyclesByCategory").get("attack").asLong()
                < cpus.get(0).get("cyclesByCategory").get("attack").asLong());
        long causes = 0;
        for (JsonNode n : r.get("asiExitCauses")) {
            causes += n.asLong();
        }
        assertEquals(r.get("asiExits").asLong(), causes);
        assertTrue(r.get("asiExitCauses").fieldNames().next().contains("host-secret"));
    }

    @Test
    void runEventsListsEveryEventInOrder() throws Exception {
        JsonNode r = json.readTree(CliRunner.run("run", ASI, "--format", "json", "--policy", "asi", "--events").out());
        JsonNode ev = r.get("events");
        long exits = 0;
        long last = -1;
        for (JsonNode e : ev) {
            assertTrue(e.get("cycle").asLong() >= last);
            last = e.get("cycle").asLong();
            if (e.get("kind").asText().equals("asi-exit")) {
                exits++;
            }
        }
        assertEquals(r.get("asiExits").asLong(), exits);
        assertEquals("end", ev.get(ev.size() - 1).get("kind").asText());
        assertTrue(CliRunner.run("run", ASI, "--events").out().contains("ASI exit"));
        assertEquals(2, CliRunner.run("run", ASI, "--events", "--format", "csv").exitCode());
    }

    @Test
    void runAtPrintsTheStateAndAHashThatRewindReproduces() throws Exception {
        JsonNode end = json.readTree(CliRunner.run("run", SIBLING, "--format", "json").out());
        long mid = end.get("cycles").asLong() / 2;
        CliRunner r = CliRunner.run("run", SIBLING, "--at", Long.toString(mid), "--format", "json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode s = json.readTree(r.out());
        assertEquals(mid, s.get("cycle").asLong());
        assertEquals(s.get("freshRunStateHash").asText(), s.get("stateHash").asText());
        assertTrue(s.get("rewindMatchesFreshRun").asBoolean());
        assertEquals(2, s.get("cpus").size());
        assertTrue(s.get("cpus").get(0).get("cr3").asText().startsWith("0x"));
        // The same cycle gives the same hash; another cycle another one.
        JsonNode again = json.readTree(CliRunner.run("run", SIBLING, "--at", Long.toString(mid), "--format", "json")
                .out());
        assertEquals(s.get("stateHash"), again.get("stateHash"));
        JsonNode other = json.readTree(CliRunner.run("run", SIBLING, "--at", Long.toString(mid + 1000), "--format",
                "json").out());
        assertNotEquals(s.get("stateHash"), other.get("stateHash"));
        // With --events, the events up to that cycle.
        JsonNode ev = json.readTree(CliRunner.run("run", SIBLING, "--at", "5000", "--format", "json", "--events")
                .out()).get("events");
        assertTrue(ev.size() > 0);
        assertTrue(ev.get(ev.size() - 1).get("cycle").asLong() <= 5000);
        assertTrue(CliRunner.run("run", SIBLING, "--at", "5000").out().contains("state hash"));
        assertEquals(2, CliRunner.run("run", SIBLING, "--at", "5000", "--until", "leak").exitCode());
    }

    @Test
    void expectationsFilterLeaksByAttackerAndAsiExitsByCause(@TempDir Path dir) throws Exception {
        String text = Files.readString(Path.of(SIBLING));
        int at = text.lastIndexOf("\"expectations\"");
        String head = text.substring(0, at);
        Path f = dir.resolve("filters.json");
        Files.writeString(f, head + """
                "expectations": [
                  { "policy": "l1d-flush-always", "leaks": { "min": 1 }, "attacker": "vm:2", "attackerVcpu": 0,
                    "attackerCpu": 0 },
                  { "policy": "l1d-flush-always", "leaks": { "max": 0 }, "attackerCpu": 1 },
                  { "policy": "asi", "asiExits": { "min": 1 }, "asiExitCause": "host-secret" },
                  { "policy": "asi", "asiExits": { "max": 0 }, "asiExitCause": "irq-data" }
                ]
                }
                """);
        CliRunner ok = CliRunner.run("validate", f.toString());
        assertEquals(0, ok.exitCode(), ok.out() + ok.err());
        assertTrue(ok.out().contains("leaks[by vm:2/vcpu0, on cpu0] >= 1"), ok.out());
        assertTrue(ok.out().contains("asiExits[cause ~ \"host-secret\"] >= 1"), ok.out());
        Files.writeString(f, head + """
                "expectations": [ { "policy": "none", "leaks": { "max": 0 }, "attackerCpu": 7 } ] }
                """);
        CliRunner bad = CliRunner.run("validate", f.toString());
        assertEquals(2, bad.exitCode());
        assertTrue(bad.out().contains("attackerCpu") && bad.out().contains("no logical CPU 7"), bad.out());
    }
}
