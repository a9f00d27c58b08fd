package dev.asiscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run, compare and validate: output formats and exit codes. */
class ReportCommandsTest {
    private static final String L1TF = "sample-traces/l1tf-guest-unmitigated.json";
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void runJsonHasTheDocumentedFields() throws Exception {
        CliRunner r = CliRunner.run("run", L1TF, "--format", "json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode o = json.readTree(r.out());
        for (String f : new String[] {"cycles", "leaks", "exposureCycles", "asiExits", "l1dFlushes", "stuns", "vmExits",
            "cyclesByCategory"}) {
            assertTrue(o.has(f), f);
        }
        JsonNode leak = o.get("leaks").get(0);
        assertEquals("host-secret", leak.get("label").asText());
        assertEquals("host", leak.get("victim").asText());
        assertEquals("vm:1", leak.get("attacker").asText());
        assertEquals("l1tf", leak.get("mechanism").asText());
        assertTrue(leak.get("cause").get("missingMitigation").asText().contains("no L1D flush"));
        assertTrue(leak.get("cause").get("lineFill").get("context").asText().contains("EXTERNAL_INTERRUPT"));
        assertTrue(o.get("cyclesByCategory").get("attack").asLong() > 0);
    }

    @Test
    void runUntilAnEventStopsThere() throws Exception {
        JsonNode all = json.readTree(CliRunner.run("run", L1TF, "--format", "json").out());
        JsonNode first = json.readTree(CliRunner.run("run", L1TF, "--format", "json", "--until", "leak").out());
        assertEquals(1, first.get("leaks").size());
        assertTrue(first.get("cycles").asLong() < all.get("cycles").asLong());
        JsonNode early = json.readTree(CliRunner.run("run", L1TF, "--format", "json", "--until", "1000").out());
        assertEquals(0, early.get("leaks").size());
    }

    @Test
    void runCsvHasAHeader() {
        CliRunner r = CliRunner.run("run", L1TF, "--format", "csv", "--policy", "asi");
        String[] lines = r.out().split("\n");
        assertEquals(2, lines.length);
        assertTrue(lines[0].startsWith("scenario,policy,cycles,leaks"));
        assertTrue(lines[1].startsWith("l1tf-guest-unmitigated.json,asi,"));
    }

    @Test
    void failOnLeakGivesExitCodeOne() {
        assertEquals(1, CliRunner.run("run", L1TF, "--fail-on-leak").exitCode());
        assertEquals(0, CliRunner.run("run", L1TF, "--fail-on-leak", "--policy", "asi-stun").exitCode());
    }

    @Test
    void compareJsonAndCsv() throws Exception {
        CliRunner r = CliRunner.run("compare", L1TF, "--policies", "none,asi-stun", "--format", "json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode a = json.readTree(r.out());
        assertEquals(2, a.size());
        assertEquals("none", a.get(0).get("policy").asText());
        assertTrue(a.get(0).get("leaks").asInt() > 0);
        assertEquals(0, a.get(1).get("leaks").asInt());
        for (String f : new String[] {"exposureCycles", "totalCycles", "overheadPercent", "l1dFlushes", "stuns",
            "asiExits"}) {
            assertTrue(a.get(1).has(f), f);
        }
        String csv = CliRunner.run("compare", L1TF, "--policies", "none,asi", "--format", "csv").out();
        assertTrue(csv.startsWith("policy,leaks,exposureCycles,totalCycles,overheadPercent"));
        assertEquals(3, csv.split("\n").length);
    }

    @Test
    void badInputIsExitCodeTwoWithoutAStackTrace(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"format\": 1,\n \"policy\": \"asi-stunn\"}");
        CliRunner r = CliRunner.run("run", bad.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains(bad + ":2:"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        assertEquals(2, CliRunner.run("run", L1TF, "--policy", "nope").exitCode());
        assertEquals(2, CliRunner.run("run", L1TF, "--format", "xml").exitCode());
        assertEquals(2, CliRunner.run("compare", "missing.json").exitCode());
    }

    @Test
    void validateReportsEachExpectationAndFailsWithOne(@TempDir Path dir) throws Exception {
        CliRunner ok = CliRunner.run("validate", L1TF);
        assertEquals(0, ok.exitCode(), ok.out());
        assertEquals(3, ok.out().lines().filter(l -> l.startsWith("PASS")).count());
        String text = Files.readString(Path.of(L1TF)).replace("\"leaks\": { \"min\": 1 }", "\"leaks\": { \"max\": 0 }");
        Path wrong = dir.resolve("wrong.json");
        Files.writeString(wrong, text);
        CliRunner failed = CliRunner.run("validate", wrong.toString());
        assertEquals(1, failed.exitCode(), failed.out());
        assertTrue(failed.out().contains("FAIL"), failed.out());
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"machine\": {\"cores\": 0}}");
        CliRunner broken = CliRunner.run("validate", bad.toString(), L1TF);
        assertEquals(2, broken.exitCode());
        assertTrue(broken.out().startsWith("ERROR " + bad + ":1:"), broken.out());
    }
}
