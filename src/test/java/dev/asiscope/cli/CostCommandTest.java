package dev.asiscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.scenario.ScenarioLoader;
import dev.asiscope.scenario.importer.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code asiscope cost}, {@code import --scenario} and the rates of {@code compare}, on real samples with
 * few exits so the runs stay short.
 */
class CostCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SENOZHATSKY = "perf-kvm-stat-kvmlist-senozhatsky-pteprefetch-elided-5.txt";
    private static final List<String> DEFAULT_POLICIES = List.of(CompareCommand.DEFAULTS.split(","));
    private static final List<String> RATE_KEYS = List.of("l1dFlushesPerSecond", "stunsPerSecond",
            "asiExitsPerSecond", "vmExitsPerSecond");

    private static String sample(String name) {
        return Samples.path(name).toString();
    }

    private static void assertOneLine(CliRunner r) {
        assertEquals(2, r.exitCode(), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        assertEquals("", r.out());
    }

    @Test
    void costTextHasOneRowPerDefaultPolicyWithRatesAndChart() {
        CliRunner r = CliRunner.run("cost", sample(SENOZHATSKY), "--kind", "perf-kvm-stat", "--exits", "25");
        assertEquals(0, r.exitCode(), r.err());
        String out = r.out();
        assertTrue(out.startsWith("What would it cost? " + SENOZHATSKY), out);
        assertTrue(out.contains("EPT_VIOLATION 54.85% (7.78 µs)"), "the description names the mix: " + out);
        assertTrue(out.contains("per simulated second at 3 GHz (all 4 logical CPUs together)"), out);
        assertTrue(out.contains("flushes/s") && out.contains("stuns/s") && out.contains("ASI exits/s")
                && out.contains("VM exits/s"), out);
        assertTrue(out.contains("overhead versus none"), out);
        for (String p : DEFAULT_POLICIES) {
            // one row in the table, one in the rates, one bar
            long rows = out.lines().filter(l -> l.startsWith(p + " ")).count();
            assertEquals(3, rows, p + " in:\n" + out);
        }
        assertTrue(out.lines().anyMatch(l -> l.matches("l1d-flush-always\\+nosmt +\\|#+ *\\| +[0-9.]+%")), out);
    }

    @Test
    void costJsonHasThePoliciesWithRates() throws Exception {
        CliRunner r = CliRunner.run("cost", sample(SENOZHATSKY), "--kind", "perf-kvm-stat", "--exits", "25",
                "--format", "json", "--ghz", "2.5");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode j = JSON.readTree(r.out());
        assertEquals(2.5, j.get("ghz").asDouble());
        assertEquals(760998, j.get("exitMix").get("counts").get("EPT_VIOLATION").asLong());
        assertEquals(25, j.get("scenario").get("exitsPerVcpu").asLong());
        assertEquals(125_000, j.get("scenario").get("meanGuestCycles").asLong(), "2.5 GHz / 20,000 exits/s");
        JsonNode policies = j.get("policies");
        assertEquals(DEFAULT_POLICIES.size(), policies.size());
        for (int i = 0; i < policies.size(); i++) {
            JsonNode p = policies.get(i);
            assertEquals(DEFAULT_POLICIES.get(i), p.get("policy").asText());
            double seconds = p.get("totalCycles").asLong() / 2.5e9;
            assertEquals(seconds, p.get("simulatedSeconds").asDouble(), 1e-12);
            assertEquals(p.get("vmExits").asLong() / seconds, p.get("vmExitsPerSecond").asDouble(), 0.051);
            assertEquals(p.get("l1dFlushes").asLong() / seconds, p.get("l1dFlushesPerSecond").asDouble(), 0.051);
            for (String k : RATE_KEYS) {
                assertTrue(p.has(k), k);
            }
        }
        assertEquals(0, policies.get(0).get("asiExitsPerSecond").asDouble(), "none has no ASI");
        assertTrue(policies.get(5).get("asiExitsPerSecond").asDouble() > 0, "asi exits ASI");
    }

    @Test
    void costCsvHasAHeaderAndARowPerPolicy() {
        CliRunner r = CliRunner.run("cost", sample(SENOZHATSKY), "--kind", "perf-kvm-stat", "--exits", "10",
                "--format", "csv", "--policies", "none,asi");
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("policy,leaks,exposureCycles,totalCycles,overheadPercent,l1dFlushes,stuns,asiExits,vmExits,"
                + "simulatedSeconds,l1dFlushesPerSecond,stunsPerSecond,asiExitsPerSecond,vmExitsPerSecond,"
                + "victimCycles,attackerCycles,attackerOverheadPercent", lines.get(0));
        assertEquals(3, lines.size());
        assertTrue(lines.get(1).startsWith("none,0,"), lines.get(1));
        assertTrue(lines.get(2).startsWith("asi,0,"), lines.get(2));
        assertEquals(17, lines.get(2).split(",", -1).length);
    }

    @Test
    void costOnATraceAndOnExitCounts(@TempDir Path dir) throws Exception {
        Path saved = dir.resolve("replay.json");
        CliRunner t = CliRunner.run("cost", sample("kvmexit-trace-qemudevel-ruemelin-5.x-splitlines-5.txt"),
                "--kind", "kvm-trace", "--exits", "5", "--policies", "none,l1d-flush-cond", "--no-chart",
                "--scenario", saved.toString());
        assertEquals(0, t.exitCode(), t.err());
        assertTrue(t.out().contains("measured"), t.out());
        assertFalse(t.out().contains("overhead versus none"), "--no-chart: " + t.out());
        LoadedScenario l = ScenarioLoader.load(saved);
        assertEquals(4, l.spec().logicalCpus());
        CliRunner c = CliRunner.run("cost", sample("vmexit-freq-bcc-kvmexit-example-1.txt"), "--kind", "exit-counts",
                "--exits", "5", "--cores", "1", "--threads", "2", "--policies", "none,asi");
        assertEquals(0, c.exitCode(), c.err());
        assertTrue(c.out().contains("all 2 logical CPUs together"), c.out());
    }

    @Test
    void badInputIsOneLineAndExitTwo(@TempDir Path dir) throws Exception {
        assertOneLine(CliRunner.run("cost", sample("vmexit-freq-bcc-kvmexit-example-1.txt"), "--kind",
                "perf-kvm-stat"));
        assertOneLine(CliRunner.run("cost", dir.resolve("missing.txt").toString(), "--kind", "kvm-trace"));
        assertOneLine(CliRunner.run("cost", sample(SENOZHATSKY), "--kind", "ptdump"));
        assertOneLine(CliRunner.run("cost", sample(SENOZHATSKY), "--kind", "perf-kvm-stat", "--ghz", "0"));
        assertOneLine(CliRunner.run("cost", sample(SENOZHATSKY), "--kind", "perf-kvm-stat", "--threads", "4"));
        assertOneLine(CliRunner.run("cost", sample(SENOZHATSKY), "--kind", "perf-kvm-stat", "--format", "xml"));
        assertOneLine(CliRunner.run("cost", sample("perf-kvm-stat-live-github-virt-pvm-issue8-unknown-3.txt"),
                "--kind", "perf-kvm-stat", "--policies", "none,bogus", "--exits", "2"));
        Path unknownOnly = dir.resolve("unknown.txt");
        Files.writeString(unknownOnly, """
                             VM-EXIT    Samples  Samples%     Time%    Min Time    Max Time         Avg time
                             UNKNOWN       3622   100.00%   100.00%      0.34us 1663159.36us   4765.94us ( +-  18.58% )
                """);
        CliRunner u = CliRunner.run("cost", unknownOnly.toString(), "--kind", "perf-kvm-stat");
        assertOneLine(u);
        assertTrue(u.err().contains("no reason of the exit mix is a VMX exit reason"), u.err());
        CliRunner missingKind = CliRunner.run("cost", sample(SENOZHATSKY));
        assertEquals(2, missingKind.exitCode());
    }

    @Test
    void importWritesTheScenarioAndKeepsItsOutput(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("sub/replay.json");
        CliRunner plain = CliRunner.run("import", "perf-kvm-stat", sample(SENOZHATSKY));
        CliRunner r = CliRunner.run("import", "perf-kvm-stat", sample(SENOZHATSKY), "--scenario", scenario.toString(),
                "--exits", "7", "--ghz", "2");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(plain.out(), r.out(), "the summary is unchanged");
        assertTrue(r.err().contains("wrote " + scenario), r.err());
        LoadedScenario l = ScenarioLoader.load(scenario);
        assertTrue(l.description().contains("at 2 GHz"), l.description());
        Path json = dir.resolve("import.json");
        CliRunner o = CliRunner.run("import", "exit-counts", sample("vmexit-freq-perf-prof-kvm-exit-latency-2.txt"),
                "--format", "json", "-o", json.toString(), "--scenario", dir.resolve("b.json").toString());
        assertEquals(0, o.exitCode(), o.err());
        assertEquals("", o.out());
        assertTrue(JSON.readTree(Files.readString(json)).has("exitMix"));
        ScenarioLoader.load(dir.resolve("b.json"));

        CliRunner ptdump = CliRunner.run("import", "ptdump", sample("ptdump-lkml-5level-p4d-shutemov-5.txt"),
                "--scenario", dir.resolve("c.json").toString());
        assertOneLine(ptdump);
        assertFalse(Files.exists(dir.resolve("c.json")));
        assertOneLine(CliRunner.run("import", "perf-kvm-stat", sample(SENOZHATSKY), "--ghz", "2"));
    }

    @Test
    void compareHasRatesInJsonCsvAndText(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("replay.json");
        assertEquals(0, CliRunner.run("import", "perf-kvm-stat", sample(SENOZHATSKY), "--scenario",
                scenario.toString(), "--exits", "10").exitCode());
        CliRunner j = CliRunner.run("compare", scenario.toString(), "--policies", "none,asi-stun", "--format", "json");
        assertEquals(0, j.exitCode(), j.err());
        JsonNode rows = JSON.readTree(j.out());
        List<String> keys = iterate(rows.get(1).fieldNames());
        assertEquals(List.of("policy", "leaks", "exposureCycles", "totalCycles", "overheadPercent", "l1dFlushes",
                "stuns", "asiExits", "vmExits", "mitigationCycles", "ghz", "simulatedSeconds", "l1dFlushesPerSecond",
                "stunsPerSecond", "asiExitsPerSecond", "vmExitsPerSecond"), keys.subList(0, 16), "old keys first, in order");
        assertEquals(List.of("victimCycles", "attackerCycles", "attackerOverheadPercent"), keys.subList(16, keys.size()));
        assertEquals(3.0, rows.get(1).get("ghz").asDouble());
        assertTrue(rows.get(1).get("stunsPerSecond").asDouble() > 0, "asi-stun stuns");

        CliRunner csv = CliRunner.run("compare", scenario.toString(), "--policies", "none", "--format", "csv",
                "--ghz", "1");
        assertTrue(csv.out().startsWith("policy,leaks,exposureCycles,totalCycles,overheadPercent,l1dFlushes,stuns,"
                + "asiExits,vmExits,simulatedSeconds,"), csv.out());

        CliRunner text = CliRunner.run("compare", scenario.toString(), "--policies", "none,asi");
        assertTrue(text.out().contains("overhead versus none"), text.out());
        assertTrue(text.out().contains("ASI exits/s"), text.out());
        CliRunner noChart = CliRunner.run("compare", scenario.toString(), "--policies", "none,asi", "--no-chart");
        assertFalse(noChart.out().contains("overhead versus none"), noChart.out());
        assertEquals(2, CliRunner.run("compare", scenario.toString(), "--ghz", "-1").exitCode());
    }

    private static List<String> iterate(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
