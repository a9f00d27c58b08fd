package dev.asiscope.scenario;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;

/** Reads a 64-bit number written either as a JSON number or as a {@code "0x..."} string. */
public final class HexLongDeserializer extends JsonDeserializer<Long> {
    @Override
    public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        if (t == JsonToken.VALUE_STRING) {
            try {
                return Hex.parse(p.getText());
            } catch (NumberFormatException e) {
                return (Long) ctxt.handleWeirdStringValue(Long.class, p.getText(), e.getMessage());
            }
        }
        return (Long) ctxt.handleUnexpectedToken(Long.class, p);
    }
}
