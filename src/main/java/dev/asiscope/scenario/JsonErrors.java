package dev.asiscope.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.Collection;
import java.util.List;

/**
 * Turns Jackson failures into the one-line messages of every asiscope file format (scenarios,
 * workspaces): what was expected, with a "did you mean" for misspelt names. Callers add file, line,
 * column and path, which {@link #line}, {@link #column} and {@link #path} extract.
 */
public final class JsonErrors {
    private JsonErrors() {
    }

    /**
     * How a polymorphic item names its type, for messages about it.
     *
     * @param item     the item with an article, e.g. {@code "an operation"}
     * @param property the JSON field holding the type, e.g. {@code "op"}
     * @param kind     what the type is called, e.g. {@code "op"} or {@code "annotation type"}
     * @param names    the known type names
     */
    public record TypeNames(String item, String property, String kind, List<String> names) {
    }

    /** 1-based line of the failure, or 0. */
    public static int line(JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        return loc == null ? 0 : loc.getLineNr();
    }

    /** 1-based column of the failure, or 0. */
    public static int column(JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        return loc == null ? 0 : loc.getColumnNr();
    }

    /** {@code $.cpus[0].cr3} from Jackson's reference chain, or null for syntax errors. */
    public static String path(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException m) || syntaxError(e) != null) {
            return null;
        }
        StringBuilder sb = new StringBuilder("$");
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) {
                sb.append('.').append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    /** The message body: what is wrong and what was expected. */
    public static String detail(JsonProcessingException e, TypeNames types) {
        JsonParseException syntax = syntaxError(e);
        if (syntax != null) {
            String m = syntax.getOriginalMessage();
            int noise = m.indexOf(" (start marker at");
            return "malformed JSON: " + (noise > 0 ? m.substring(0, noise) : m);
        }
        if (e instanceof PropertyBindingException pb) {
            Collection<Object> known = pb.getKnownPropertyIds();
            return "unknown field '" + pb.getPropertyName() + "'" + DidYouMean.hint(pb.getPropertyName(), known)
                    + " (expected one of: " + String.join(", ", known.stream().map(String::valueOf).sorted().toList())
                    + ")";
        }
        if (e instanceof ValueInstantiationException vi) {
            Throwable cause = vi.getCause();
            return cause != null && cause.getMessage() != null ? cause.getMessage() : "invalid value";
        }
        if (e instanceof InvalidFormatException inf) {
            String original = inf.getOriginalMessage();
            // Our deserializers explain the expected syntax themselves ("expected a size such as ...").
            if (original != null && original.contains("expected a ")) {
                return "invalid value " + quote(inf.getValue()) + ": " + original.substring(original.indexOf("expected a "));
            }
            return "invalid value " + quote(inf.getValue()) + ": expected " + expected(inf.getTargetType());
        }
        if (e instanceof InvalidTypeIdException it && types != null) {
            String all = String.join(", ", types.names());
            String article = "aeiou".indexOf(types.property().charAt(0)) >= 0 ? " needs an \"" : " needs a \"";
            return it.getTypeId() == null ? types.item() + article + types.property() + "\" field (one of: " + all + ")"
                    : "unknown " + types.kind() + " '" + it.getTypeId() + "'" + DidYouMean.hint(it.getTypeId(), types.names())
                            + " (known: " + all + ")";
        }
        if (e instanceof MismatchedInputException && e.getOriginalMessage() != null
                && e.getOriginalMessage().startsWith("Trailing token")) {
            return "unexpected content after the end of the JSON object";
        }
        if (e instanceof MismatchedInputException mi) {
            return "wrong type: expected " + expected(mi.getTargetType());
        }
        return e.getOriginalMessage();
    }

    private static JsonParseException syntaxError(JsonProcessingException e) {
        if (e instanceof JsonParseException p) {
            return p;
        }
        return e.getCause() instanceof JsonParseException p ? p : null;
    }

    private static String quote(Object v) {
        return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
    }

    /** What a value of {@code type} looks like in JSON, in words. */
    static String expected(Class<?> type) {
        if (type == null) {
            return "a different value";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "a JSON array";
        }
        return "a JSON object";
    }
}
