package dev.asiscope.scenario;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;

/** Reads a byte size: a JSON integer, or a string like {@code "32K"}, {@code "4M"}, {@code "1G"}, {@code "0x1000"}. */
public final class SizeDeserializer extends JsonDeserializer<Long> {
    @Override
    public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        if (p.currentToken() == JsonToken.VALUE_STRING) {
            String s = p.getText().trim();
            try {
                return parse(s);
            } catch (NumberFormatException e) {
                return (Long) ctxt.handleWeirdStringValue(Long.class, s,
                        "expected a size such as 4096, \"32K\", \"4M\" or \"1G\"");
            }
        }
        return (Long) ctxt.handleUnexpectedToken(Long.class, p);
    }

    /** Parses {@code 32K}, {@code 4M}, {@code 1G}, {@code 4KiB}, hex or decimal. */
    public static long parse(String s) {
        String t = s.trim().toUpperCase();
        // Only a unit suffix may end in B ("4KiB", "4KB", "4B"); hex digits must survive ("0xB000").
        if (t.endsWith("IB")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("B") && !t.startsWith("0X")) {
            t = t.substring(0, t.length() - 1);
        }
        long mult = 1;
        if (t.endsWith("K")) {
            mult = 1L << 10;
        } else if (t.endsWith("M")) {
            mult = 1L << 20;
        } else if (t.endsWith("G")) {
            mult = 1L << 30;
        }
        if (mult != 1) {
            t = t.substring(0, t.length() - 1).trim();
        }
        if (t.isEmpty()) {
            throw new NumberFormatException();
        }
        return Hex.parse(t.startsWith("0X") ? "0x" + t.substring(2) : t) * mult;
    }
}
