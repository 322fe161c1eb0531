package dev.fathom.alerts.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import dev.fathom.alerts.match.Matchers;
import java.io.IOException;

/** Checks a matcher string where it is read, so a bad one is reported on its own line. */
public final class MatcherText extends JsonDeserializer<String> {
    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        String text = p.getValueAsString();
        Matchers.parse(text);
        return text;
    }
}
