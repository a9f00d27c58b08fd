package dev.asiscope.scenario;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ScenarioException(file.toString(), 0, 0, null, "no such file");
        } catch (IOException e) {
            throw new ScenarioException(file.toString(), 0, 0, null, "cannot read: " + e.getMessage());
        }
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
                    String path = jsonPath(e) + "." + n;
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
        JsonLocation loc = e.getLocation();
        int line = loc == null ? 0 : loc.getLineNr();
        int col = loc == null ? 0 : loc.getColumnNr();
        String path = e instanceof JsonMappingException m ? jsonPath(m) : null;
        String detail;
        if (e instanceof PropertyBindingException pb) {
            detail = "unknown field '" + pb.getPropertyName() + "'"
                    + DidYouMean.hint(pb.getPropertyName(), pb.getKnownPropertyIds())
                    + " (expected one of: " + String.join(", ", pb.getKnownPropertyIds().stream()
                            .map(String::valueOf).sorted().toList()) + ")";
        } else if (e instanceof ValueInstantiationException vi) {
            Throwable cause = vi.getCause();
            detail = cause != null && cause.getMessage() != null ? cause.getMessage() : "invalid value";
        } else if (e instanceof InvalidFormatException inf) {
            detail = "invalid value " + quote(inf.getValue()) + ": expected " + expected(inf.getTargetType());
            String original = inf.getOriginalMessage();
            // Our deserializers explain the expected syntax themselves ("expected a size such as ...").
            if (original != null && original.contains("expected a ")) {
                detail = "invalid value " + quote(inf.getValue()) + ": "
                        + original.substring(original.indexOf("expected a "));
            }
        } else if (e instanceof InvalidTypeIdException it) {
            List<String> known = opNames();
            detail = it.getTypeId() == null ? "an operation needs an \"op\" field (one of: " + String.join(", ", known) + ")"
                    : "unknown op '" + it.getTypeId() + "'" + DidYouMean.hint(it.getTypeId(), known) + " (known: "
                            + String.join(", ", known) + ")";
        } else if (e instanceof MismatchedInputException mi && e.getOriginalMessage() != null
                && e.getOriginalMessage().startsWith("Trailing token")) {
            detail = "unexpected content after the end of the scenario object";
        } else if (e instanceof MismatchedInputException mi) {
            detail = "wrong type: expected " + expected(mi.getTargetType());
        } else if (e instanceof JsonParseException) {
            detail = "malformed JSON: " + e.getOriginalMessage();
        } else {
            detail = e.getOriginalMessage();
        }
        return new ScenarioException(fileName, line, col, path, detail);
    }

    /** The operation names, from {@link OpJson}'s subtype declarations. */
    static List<String> opNames() {
        List<String> names = new ArrayList<>();
        for (JsonSubTypes.Type t : OpJson.class.getAnnotation(JsonSubTypes.class).value()) {
            names.add(t.name());
        }
        return names;
    }

    private static String quote(Object v) {
        return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "a different value";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == int.class) {
            return "an integer";
        }
        if (type == Long.class || type == long.class) {
            return "a 64-bit number such as \"0x1000\" or 4096";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "a JSON array";
        }
        if (type.isRecord()) {
            return "a JSON object";
        }
        return type.getSimpleName();
    }

    /** {@code $.cpus[0].cr3} from Jackson's reference chain. */
    static String jsonPath(JsonMappingException e) {
        StringBuilder sb = new StringBuilder("$");
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append('.').append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
