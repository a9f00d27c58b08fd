package dev.asiscope.scenario;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads scenario files strictly: unknown fields, wrong types and out-of-range values are reported as
 * {@link ScenarioException}s naming file, line, column and JSON path, with a "did you mean" hint for
 * misspelt field names.
 */
public final class ScenarioReader {
    private final ObjectMapper mapper = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Reads and validates the scenario at {@code file}. */
    public Scenario read(Path file) throws ScenarioException {
        String text = TextCheck.readUtf8(file);
        return parse(file.toString(), text);
    }

    /** Parses scenario JSON text; {@code fileName} is used in messages only. */
    public Scenario parse(String fileName, String json) throws ScenarioException {
        try {
            Scenario s = mapper.readValue(json, Scenario.class);
            if (s == null) {
                throw new ScenarioException(fileName, 1, 1, null, "expected a JSON object, got null");
            }
            return s;
        } catch (ValueInstantiationException e) {
            // A record's checks ran before Jackson reported a misspelt field of the same object: name the
            // misspelling, which is the real mistake.
            ScenarioException misspelt = unknownFieldAt(fileName, json, e);
            throw misspelt != null ? misspelt : translate(fileName, e);
        } catch (JsonProcessingException e) {
            throw translate(fileName, e);
        }
    }

    private ScenarioException unknownFieldAt(String fileName, String json, ValueInstantiationException e) {
        Class<?> type = e.getType() == null ? null : e.getType().getRawClass();
        if (type == null || !type.isRecord()) {
            return null;
        }
        java.util.Set<String> known = new java.util.TreeSet<>();
        for (java.lang.reflect.RecordComponent c : type.getRecordComponents()) {
            known.add(c.getName());
        }
        if (OpJson.class.isAssignableFrom(type)) {
            known.add("op");
        }
        try {
            com.fasterxml.jackson.databind.JsonNode node = mapper.readTree(json);
            for (JsonMappingException.Reference r : e.getPath()) {
                node = r.getFieldName() != null ? node.get(r.getFieldName()) : node.get(r.getIndex());
                if (node == null) {
                    return null;
                }
            }
            java.util.Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String n = names.next();
                if (!known.contains(n)) {
                    String path = JsonErrors.path(e) + "." + n;
                    int[] loc = JsonLocator.locate(json, path);
                    return new ScenarioException(fileName, loc[0], loc[1], path, "unknown field '" + n + "'"
                            + DidYouMean.hint(n, known) + " (expected one of: " + String.join(", ", known) + ")");
                }
            }
        } catch (JsonProcessingException ignored) {
            return null;
        }
        return null;
    }

    /** Turns a Jackson failure into a one-line, user-facing error. */
    static ScenarioException translate(String fileName, JsonProcessingException e) {
        return new ScenarioException(fileName, JsonErrors.line(e), JsonErrors.column(e), JsonErrors.path(e),
                JsonErrors.detail(e, new JsonErrors.TypeNames("an operation", "op", "op", opNames())));
    }

    /** The operation names, from {@link OpJson}'s subtype declarations. */
    static List<String> opNames() {
        List<String> names = new ArrayList<>();
        for (JsonSubTypes.Type t : OpJson.class.getAnnotation(JsonSubTypes.class).value()) {
            names.add(t.name());
        }
        return names;
    }
}
