package dev.asiscope.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.asiscope.sim.cache.CacheGeometry;
import dev.asiscope.sim.engine.MachineDefaults;
import dev.asiscope.sim.engine.MachineSpec;
import dev.asiscope.sim.engine.MachineSpecBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link MachineDefaults} is the one table of machine defaults: what a scenario without a {@code machine}
 * object and a {@link MachineSpecBuilder} build, what docs/scenario.schema.json says, what the machine
 * section of docs/scenario-format.md shows, and (for latencies) what docs/latencies.md cites.
 *
 * <p>Run with {@code -Dasiscope.regenerate=true} to rewrite the generated parts of the schema and the field
 * reference from the table; then review the diff.
 */
class MachineDefaultsTest {
    private static final Path SCHEMA = Path.of("docs/scenario.schema.json");
    private static final Path FORMAT = Path.of("docs/scenario-format.md");
    private static final boolean REGENERATE = Boolean.getBoolean("asiscope.regenerate");
    static final String MACHINE_BEGIN = "<!-- machine-defaults:begin (generated from dev.asiscope.sim.engine.MachineDefaults;"
            + " keep in step) -->\n";
    static final String MACHINE_END = "<!-- machine-defaults:end -->";
    static final String LATENCY_BEGIN = "<!-- latency-defaults:begin (generated from dev.asiscope.sim.engine.MachineDefaults;"
            + " keep in step) -->\n";
    static final String LATENCY_END = "<!-- latency-defaults:end -->";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aScenarioWithoutMachineAndTheBuilderGetTheTablesDefaults() throws Exception {
        LoadedScenario s = ScenarioLoader.parse("min.json", "{\"format\": 1}", null);
        for (MachineSpec spec : List.of(s.spec(), new MachineSpecBuilder().build())) {
            Map<String, Object> actual = specValues(spec);
            for (MachineDefaults.Entry e : MachineDefaults.all()) {
                assertEquals(e.value(), actual.get(e.name()), e.name());
            }
            assertEquals(MachineDefaults.all().size(), actual.size(), "every spec value has a table entry");
        }
    }

    /** The spec's values under the table's names (latencies by record component). */
    private static Map<String, Object> specValues(MachineSpec spec) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("maxPhysAddr", spec.maxPhysAddr());
        m.put("cores", spec.cores());
        m.put("threadsPerCore", spec.threadsPerCore());
        for (CacheGeometry g : List.of(spec.l1d(), spec.l2(), spec.llc())) {
            String level = g.name().toLowerCase(java.util.Locale.ROOT);
            m.put(level + ".size", g.sizeBytes());
            m.put(level + ".ways", g.ways());
            m.put(level + ".lineSize", g.lineSize());
            m.put(level + ".replacement", MachineDefaults.replacementId(g.replacement()));
        }
        m.put("lfbEntries", spec.lfbEntries());
        m.put("tlb.entries", spec.tlbEntries());
        m.put("tlb.ways", spec.tlbWays());
        m.put("seed", spec.seed());
        m.put("maxCycles", spec.maxCycles());
        m.put("timeslice", spec.timeslice());
        m.put("smtThroughput", spec.smtThroughput());
        m.put("l1dFlushMethod", spec.l1dFlushMethod().id());
        for (var c : spec.latency().getClass().getRecordComponents()) {
            m.put("latencies." + c.getName(), c.getAccessor().invoke(spec.latency()));
        }
        return m;
    }

    @Test
    void theSchemaStatesTheTablesDefaultsDescriptionsAndBounds() throws Exception {
        JsonNode schema = JSON.readTree(SCHEMA.toFile());
        if (REGENERATE) {
            regenerateSchema((ObjectNode) schema);
            schema = JSON.readTree(SCHEMA.toFile());
        }
        for (MachineDefaults.Entry e : MachineDefaults.all()) {
            JsonNode p = schemaProperty(schema, e.name());
            assertNotNull(p, e.name() + " in the schema");
            assertEquals(JSON.valueToTree(e.value()).toString(), String.valueOf(p.get("default")), e.name() + ": schema default");
            assertEquals(e.description(), p.path("description").asText(null), e.name() + ": schema description"
                    + " (regenerate with -Dasiscope.regenerate=true)");
            assertEquals(e.min() == null ? null : e.min().doubleValue(),
                    p.has("minimum") ? p.get("minimum").asDouble() : null, e.name() + ": schema minimum");
            assertEquals(e.max() == null ? null : e.max().doubleValue(),
                    p.has("maximum") ? p.get("maximum").asDouble() : null, e.name() + ": schema maximum");
            List<String> choices = new ArrayList<>();
            p.path("enum").forEach(n -> choices.add(n.asText()));
            assertEquals(e.choices(), choices, e.name() + ": schema enum");
        }
    }

    private static JsonNode schemaProperty(JsonNode schema, String dotted) {
        JsonNode n = schema.get("properties").get("machine");
        for (String part : dotted.split("\\.")) {
            n = n.path("properties").get(part);
            if (n == null) {
                return null;
            }
        }
        return n;
    }

    private static void regenerateSchema(ObjectNode schema) throws Exception {
        for (MachineDefaults.Entry e : MachineDefaults.all()) {
            ObjectNode p = (ObjectNode) schemaProperty(schema, e.name());
            p.set("default", JSON.valueToTree(e.value()));
            p.put("description", e.description());
            p.remove(List.of("minimum", "maximum", "enum"));
            if (e.min() != null) {
                p.set("minimum", JSON.valueToTree(e.min()));
            }
            if (e.max() != null) {
                p.set("maximum", JSON.valueToTree(e.max()));
            }
            if (!e.choices().isEmpty()) {
                ArrayNode a = p.putArray("enum");
                e.choices().forEach(a::add);
            }
        }
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
                .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
        Files.writeString(SCHEMA, JSON.writer(pp).writeValueAsString(schema) + "\n");
    }

    @Test
    void theFieldReferenceShowsTheTable() throws Exception {
        String doc = Files.readString(FORMAT);
        if (REGENERATE) {
            doc = replace(doc, MACHINE_BEGIN, MACHINE_END, MachineDefaultsText.markdownMachine());
            doc = replace(doc, LATENCY_BEGIN, LATENCY_END, MachineDefaultsText.markdownLatencies());
            Files.writeString(FORMAT, doc);
        }
        assertEquals(MachineDefaultsText.markdownMachine(), section(doc, MACHINE_BEGIN, MACHINE_END),
                "regenerate the machine section from MachineDefaultsText.markdownMachine()");
        assertEquals(MachineDefaultsText.markdownLatencies(), section(doc, LATENCY_BEGIN, LATENCY_END),
                "regenerate the latency section from MachineDefaultsText.markdownLatencies()");
    }

    private static String section(String doc, String begin, String end) {
        int a = doc.indexOf(begin);
        int b = doc.indexOf(end);
        assertTrue(a >= 0 && b > a, "docs/scenario-format.md has the generated section " + begin.strip());
        return doc.substring(a + begin.length(), b);
    }

    private static String replace(String doc, String begin, String end, String body) {
        int a = doc.indexOf(begin);
        int b = doc.indexOf(end);
        assertTrue(a >= 0 && b > a, "docs/scenario-format.md has the generated section " + begin.strip());
        return doc.substring(0, a + begin.length()) + body + doc.substring(b);
    }

    /**
     * Each latency's default and source agree with its row of docs/latencies.md, "The latency table": the same
     * number, the same source labels ({@code [LAT-DATA]}...), and "assumption" exactly where that page's
     * confidence column says so.
     */
    @Test
    void latencySourcesMatchTheLatencyPage() throws Exception {
        String page = Files.readString(Path.of("docs/latencies.md"));
        int from = page.indexOf("## The latency table");
        int to = page.indexOf("\n### ", from);
        Map<String, String[]> rows = new LinkedHashMap<>();
        for (String line : page.substring(from, to).split("\n")) {
            Matcher m = Pattern.compile("^\\| `(\\w+)` \\|").matcher(line);
            if (m.find()) {
                String[] cells = line.split("(?<!\\\\)\\|");
                rows.put(m.group(1), new String[] {cells[2].trim(), cells[4].trim(), cells[5].trim()});
            }
        }
        List<MachineDefaults.Entry> latencies = MachineDefaults.latencies();
        assertEquals(latencies.size(), rows.size(), "one row per latency in docs/latencies.md");
        for (MachineDefaults.Entry e : latencies) {
            String name = e.name().substring("latencies.".length());
            String[] row = rows.get(name);
            assertNotNull(row, name + " in docs/latencies.md");
            assertEquals(MachineDefaultsText.value(e), row[0].replace(",", ""), name + ": default in docs/latencies.md");
            assertEquals(labels(row[1]), labels(e.source()), name + ": source labels as in docs/latencies.md");
            assertEquals(row[2].equalsIgnoreCase("assumption"), e.source().startsWith("assumption")
                    || e.source().contains(", assumption"), name + ": assumption in one and not the other");
        }
    }

    private static TreeSet<String> labels(String text) {
        TreeSet<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("\\[([A-Z0-9-]+)]").matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
