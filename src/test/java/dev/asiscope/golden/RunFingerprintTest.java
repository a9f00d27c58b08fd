package dev.asiscope.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.asiscope.scenario.EventText;
import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.scenario.SampleTraces;
import dev.asiscope.sim.engine.EventLog;
import dev.asiscope.sim.engine.Policy;
import dev.asiscope.sim.engine.Simulation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every sample under every named policy, not only the policies a sample names (those are
 * {@link GoldenTextTest}'s, word for word): the end state's {@code stateHash()}, the number of events and a
 * digest of every event's rendered text, one line per run, compared with
 * {@code src/test/resources/golden/run-fingerprints.tsv}. It guards a restructuring of the engine (a change
 * that should change nothing must leave all of these equal) and determinism across JVMs (the state hash is
 * the same in every JVM). Run with {@code -Dgolden.update=true} to rewrite the file after a deliberate change
 * to the model, and say in the commit why the lines changed.
 */
class RunFingerprintTest {
    private static final Path FILE = Path.of("src/test/resources/golden/run-fingerprints.tsv");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");
    private static final String HEADER = "# sample\tpolicy\tend stateHash\tevents\tSHA-256 of the events' text (first 16 hex digits)";

    @Test
    void everySampleUnderEveryPolicyRunsAsBefore() throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        for (Path f : SampleTraces.files()) {
            LoadedScenario s = SampleTraces.load(f);
            for (Map.Entry<String, Policy> p : Policy.NAMED.entrySet()) {
                Simulation sim = Simulation.run(s.spec(), p.getValue());
                lines.add(f.getFileName() + "\t" + p.getKey() + "\t" + Long.toHexString(sim.end().stateHash()) + "\t"
                        + sim.log().size() + "\t" + digest(sim.log()));
            }
        }
        String text = String.join("\n", lines) + "\n";
        if (UPDATE) {
            Files.writeString(FILE, text, StandardCharsets.UTF_8);
            return;
        }
        String[] expected = read().split("\n", -1);
        String[] actual = text.split("\n", -1);
        for (int i = 0; i < Math.max(expected.length, actual.length); i++) {
            assertEquals(i < expected.length ? expected[i] : "<end of file>", i < actual.length ? actual[i] : "<end of runs>",
                    FILE + " line " + (i + 1) + " (sample, policy, end state hash, events, events' text digest)");
        }
    }

    /** The events in order, each as its cycle, CPU and the line a person reads, digested. */
    private static String digest(EventLog log) throws NoSuchAlgorithmException {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < log.size(); i++) {
            var e = log.get(i);
            sha.update((e.cycle() + " " + e.cpu() + " " + EventText.describe(e) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    }

    private static String read() throws IOException {
        if (!Files.exists(FILE)) {
            throw new AssertionError(FILE + " is missing: run this test with -Dgolden.update=true to write it");
        }
        return Files.readString(FILE, StandardCharsets.UTF_8);
    }
}
