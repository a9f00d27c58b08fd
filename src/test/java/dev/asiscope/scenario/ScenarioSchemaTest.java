package dev.asiscope.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asiscope.sim.timing.LatencyTable;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** docs/scenario.schema.json names exactly the fields the reader accepts, so the two cannot drift apart. */
class ScenarioSchemaTest {
    private final JsonNode schema = read();

    private static JsonNode read() {
        try {
            return new ObjectMapper().readTree(Path.of("docs/scenario.schema.json").toFile());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> components(Class<?> record) {
        Set<String> names = new TreeSet<>();
        for (RecordComponent c : record.getRecordComponents()) {
            names.add(c.getName());
        }
        return names;
    }

    private static Set<String> properties(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.get("properties").fieldNames().forEachRemaining(names::add);
        assertEquals(false, object.get("additionalProperties").asBoolean(true), "additionalProperties must be false");
        return names;
    }

    private JsonNode items(JsonNode array) {
        return array.get("items");
    }

    @Test
    void topLevelAndNestedObjectsMatchTheRecords() {
        JsonNode p = schema.get("properties");
        assertEquals(components(Scenario.class), properties(schema));
        assertEquals(components(Scenario.Machine.class), properties(p.get("machine")));
        assertEquals(components(Scenario.CacheSpec.class), properties(p.get("machine").get("properties").get("l1d")));
        assertEquals(components(Scenario.TlbSpec.class), properties(p.get("machine").get("properties").get("tlb")));
        assertEquals(components(LatencyTable.class), properties(p.get("machine").get("properties").get("latencies")));
        assertEquals(components(Scenario.Cpu.class), properties(items(p.get("cpus"))));
        assertEquals(components(Scenario.Cr4.class), properties(items(p.get("cpus")).get("properties").get("cr4")));
        assertEquals(components(Scenario.MemoryInit.class), properties(items(p.get("memory"))));
        assertEquals(components(Scenario.Region.class), properties(items(p.get("regions"))));
        assertEquals(components(Scenario.Vm.class), properties(items(p.get("vms"))));
        assertEquals(components(Scenario.Process.class), properties(items(p.get("processes"))));
        assertEquals(components(Scenario.EditSpec.class), properties(items(p.get("edits"))));
        assertEquals(components(Scenario.HandlerSpec.class), properties(schema.get("$defs").get("handler")));
        assertEquals(components(Scenario.StepSpec.class),
                properties(items(schema.get("$defs").get("handler").get("properties").get("steps"))));
        assertEquals(components(Scenario.Program.class), properties(items(p.get("programs"))));
        assertEquals(components(Scenario.TaskSpec.class),
                properties(items(items(p.get("programs")).get("properties").get("tasks"))));
        assertEquals(components(Scenario.Caption.class), properties(items(p.get("narration"))));
        assertEquals(components(Scenario.BreakpointSpec.class), properties(items(p.get("breakpoints"))));
        assertEquals(components(Scenario.ExpectationSpec.class), properties(items(p.get("expectations"))));
        assertEquals(components(Scenario.Range.class), properties(schema.get("$defs").get("range")));
    }

    @Test
    void everyOperationMatchesItsRecord() {
        JsonNode ops = schema.get("$defs").get("op").get("oneOf");
        JsonSubTypes.Type[] types = OpJson.class.getAnnotation(JsonSubTypes.class).value();
        assertEquals(types.length, ops.size());
        for (int i = 0; i < types.length; i++) {
            JsonNode op = ops.get(i);
            assertEquals(types[i].name(), op.get("properties").get("op").get("const").asText());
            Set<String> expected = components(types[i].value());
            expected.add("op");
            assertEquals(expected, properties(op), types[i].name());
            assertTrue(op.get("required").toString().contains("\"op\""));
        }
    }
}
