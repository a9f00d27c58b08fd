package dev.asiscope.scenario;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Scenario} as scenario-file JSON that {@link ScenarioReader} reads back to an equal
 * record. Fields that only repeat a default (the default CPU registers, {@code false} flags, zero
 * offsets, default machine geometry) are left out so that generated files stay readable; maps keep their
 * iteration order, except exit handlers, which follow the order of the first {@code workload} mix when
 * there is one and are sorted by name otherwise.
 */
public final class ScenarioWriter {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setDefaultPropertyInclusion(
                    JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY, JsonInclude.Include.USE_DEFAULTS))
            .enable(SerializationFeature.INDENT_OUTPUT);

    private ScenarioWriter() {
    }

    /** The scenario as pretty-printed JSON, ending with a newline. */
    public static String toJson(Scenario s) {
        ObjectNode root = JSON.valueToTree(s);
        // Scenario's own NON_NULL inclusion wins over the mapper's NON_EMPTY: drop empty lists and maps here
        for (Iterator<Map.Entry<String, JsonNode>> it = root.properties().iterator(); it.hasNext();) {
            JsonNode v = it.next().getValue();
            if (v.isContainerNode() && v.isEmpty() || v.isTextual() && v.asText().isEmpty()) {
                it.remove();
            }
        }
        if (root.path("cpus").equals(JSON.valueToTree(List.of(Scenario.Cpu.defaults())))) {
            root.remove("cpus");
        }
        if (root.get("machine") instanceof ObjectNode m) {
            ObjectNode d = JSON.valueToTree(Scenario.Machine.defaults());
            for (String keep : List.of("cores", "threadsPerCore")) {
                d.remove(keep);
            }
            pruneDefaults(m, d);
        }
        if (root.get("exitHandlers") instanceof ObjectNode h) {
            root.set("exitHandlers", handlers(h, s));
        }
        if (root.get("kernelHandlers") instanceof ObjectNode h) {
            root.set("kernelHandlers", handlers(h, null));
        }
        for (JsonNode region : root.path("regions")) {
            // 4 KiB pages are the default mapping; only a large-page region says so
            if (region instanceof ObjectNode r && "4k".equals(r.path("pageSize").asText())) {
                r.remove("pageSize");
            }
        }
        integralWeights(root.path("programs"));
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a scenario record is always serialisable", e);
        }
    }

    private static ObjectNode handlers(ObjectNode in, Scenario s) {
        List<String> order = new ArrayList<>();
        if (s != null) {
            order.addAll(firstMixOrder(s));
        }
        List<String> rest = new ArrayList<>();
        in.fieldNames().forEachRemaining(rest::add);
        rest.removeAll(order);
        rest.sort(null);
        order.addAll(rest);
        ObjectNode defaultHandler = JSON.valueToTree(new Scenario.HandlerSpec(null, null, null, null, null));
        ObjectNode defaultStep = JSON.valueToTree(new Scenario.StepSpec("", null, null, null));
        defaultStep.remove("region");
        defaultStep.remove("lines");
        defaultHandler.remove("work");
        ObjectNode out = JSON.createObjectNode();
        for (String name : order) {
            if (in.get(name) instanceof ObjectNode h) {
                pruneDefaults(h, defaultHandler);
                for (JsonNode step : h.path("steps")) {
                    if (step instanceof ObjectNode st) {
                        pruneDefaults(st, defaultStep);
                    }
                }
                out.set(name, h);
            }
        }
        return out;
    }

    private static List<String> firstMixOrder(Scenario s) {
        for (Scenario.Program p : s.programs()) {
            for (Scenario.TaskSpec t : p.tasks()) {
                for (OpJson op : t.ops()) {
                    if (op instanceof OpJson.Workload w) {
                        List<String> names = new ArrayList<>(w.mix().keySet());
                        names.retainAll(s.exitHandlers().keySet());
                        return names;
                    }
                }
            }
        }
        return List.of();
    }

    /** Removes the fields of {@code node} whose value equals the one in {@code defaults}. */
    private static void pruneDefaults(ObjectNode node, ObjectNode defaults) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().equals(defaults.get(e.getKey()))) {
                it.remove();
            }
        }
    }

    /** Workload weights that are whole numbers (counts) are written without a fraction. */
    private static void integralWeights(JsonNode node) {
        if (node instanceof ObjectNode o) {
            if ("workload".equals(o.path("op").asText()) && o.get("mix") instanceof ObjectNode mix) {
                for (Iterator<Map.Entry<String, JsonNode>> it = mix.properties().iterator(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    double v = e.getValue().asDouble();
                    if (e.getValue().isFloatingPointNumber() && v == Math.rint(v) && Math.abs(v) < 9e15) {
                        e.setValue(LongNode.valueOf((long) v));
                    }
                }
            }
            o.elements().forEachRemaining(ScenarioWriter::integralWeights);
        } else if (node instanceof ArrayNode a) {
            a.elements().forEachRemaining(ScenarioWriter::integralWeights);
        }
    }
}
