package dev.asiscope.scenario;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Finds where a JSON path ({@code $.programs[0].tasks[1].ops[3].target}) starts in a JSON text, so that
 * errors found after parsing (unknown VM, unknown region) can still name a line and column.
 */
public final class JsonLocator {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonLocator() {
    }

    /**
     * {line, column} (1-based) of the value at {@code path}, or of its nearest existing ancestor;
     * {0, 0} when nothing matches.
     */
    public static int[] locate(String json, String path) {
        int[] best = {0, 0};
        if (json == null || path == null) {
            return best;
        }
        try (JsonParser p = FACTORY.createParser(json)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME || t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    continue;
                }
                String here = pathOf(p);
                if (path.equals(here) || path.startsWith(here + ".") || path.startsWith(here + "[")) {
                    JsonLocation loc = p.currentTokenLocation();
                    best = new int[] {loc.getLineNr(), loc.getColumnNr()};
                    if (path.equals(here)) {
                        return best;
                    }
                }
            }
        } catch (IOException e) {
            return best;
        }
        return best;
    }

    /** The path of the current value token, from Jackson's parsing context. */
    private static String pathOf(JsonParser p) {
        JsonStreamContext c = p.getParsingContext();
        if (p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.START_ARRAY) {
            c = c.getParent();
        }
        Deque<String> parts = new ArrayDeque<>();
        while (c != null && !c.inRoot()) {
            if (c.inObject()) {
                parts.push("." + c.getCurrentName());
            } else if (c.inArray()) {
                parts.push("[" + c.getCurrentIndex() + "]");
            }
            c = c.getParent();
        }
        StringBuilder sb = new StringBuilder("$");
        for (String s : parts) {
            sb.append(s);
        }
        return sb.toString();
    }
}
