package dev.asiscope.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.asiscope.scenario.LoadedScenario;
import dev.asiscope.scenario.ReportWriter;
import dev.asiscope.scenario.SampleTraces;
import dev.asiscope.scenario.ScenarioRunner;
import dev.asiscope.scenario.StateWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The text a person reads about a run (every event's line and the text report) for every sample under
 * every policy the sample names, compared with the files under {@code src/test/resources/golden/}. A
 * change to the engine or the renderer that changes a text fails here; the golden files change only
 * when a text is changed on purpose. Run with {@code -Dgolden.update=true} to rewrite them. Texts over
 * {@value #PLAIN_LIMIT} bytes are stored gzipped ({@code .txt.gz}) to keep the repository small; the
 * others stay plain so that a deliberate change shows in a diff.
 */
class GoldenTextTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");
    private static final int PLAIN_LIMIT = 1 << 20;

    @TestFactory
    Stream<DynamicTest> everySampleRendersAsBefore() throws IOException {
        return SampleTraces.files().stream().flatMap(f -> {
            LoadedScenario s = SampleTraces.load(f);
            TreeSet<String> policies = SampleTraces.policies(s);
            String base = f.getFileName().toString().replace(".json", "");
            return policies.stream().map(p -> DynamicTest.dynamicTest(base + " under " + p,
                    () -> check(s, p, base + "." + p + ".txt")));
        });
    }

    private static void check(LoadedScenario s, String policy, String name) throws Exception {
        ScenarioRunner.Logged run = ScenarioRunner.runLogged(s, policy, Long.MAX_VALUE, null, true, null);
        String text = ReportWriter.runText(s.name(), run.report())
                + StateWriter.eventsText(run.log(), Long.MAX_VALUE);
        Path plain = GOLDEN.resolve(name);
        Path zipped = GOLDEN.resolve(name + ".gz");
        if (UPDATE) {
            write(plain, zipped, text);
            return;
        }
        Path golden = Files.exists(plain) ? plain : zipped;
        String expected = read(golden);
        if (!expected.equals(text)) {
            String[] a = expected.split("\n", -1);
            String[] b = text.split("\n", -1);
            int i = 0;
            while (i < a.length && i < b.length && a[i].equals(b[i])) {
                i++;
            }
            assertEquals(i < a.length ? a[i] : "<end of file>", i < b.length ? b[i] : "<end of text>",
                    golden + " differs first at line " + (i + 1));
        }
    }

    private static void write(Path plain, Path zipped, String text) throws IOException {
        Files.createDirectories(plain.getParent());
        Files.deleteIfExists(plain);
        Files.deleteIfExists(zipped);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= PLAIN_LIMIT) {
            Files.write(plain, bytes);
            return;
        }
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(zipped))) {
            out.write(bytes);
        }
    }

    private static String read(Path golden) throws IOException {
        if (!golden.toString().endsWith(".gz")) {
            return Files.readString(golden, StandardCharsets.UTF_8);
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(golden))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
