package dev.fathom.alerts.silence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fathom.alerts.match.Matcher;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Silences in Alertmanager API v2's JSON (postable and gettable silence), also the journal's form. */
public final class SilenceJson {

    private SilenceJson() {}

    /** A postable silence; an absent or empty id makes a new one. Errors name the bad field. */
    public static Silence fromApi(JsonNode n) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("a silence must be a JSON object");
        }
        JsonNode ms = n.get("matchers");
        if (ms == null || !ms.isArray() || ms.isEmpty()) {
            throw new IllegalArgumentException("a silence needs 'matchers': [{\"name\":..,\"value\":..,\"isRegex\":..,\"isEqual\":..}]");
        }
        List<Matcher> matchers = new ArrayList<>();
        for (JsonNode m : ms) {
            if (!m.hasNonNull("name") || !m.hasNonNull("value")) {
                throw new IllegalArgumentException("each silence matcher needs 'name' and 'value'");
            }
            boolean regex = m.path("isRegex").asBoolean(false);
            boolean equal = m.path("isEqual").asBoolean(true);
            Matcher.Type type = regex ? (equal ? Matcher.Type.REGEX : Matcher.Type.NOT_REGEX) : (equal ? Matcher.Type.EQUAL : Matcher.Type.NOT_EQUAL);
            matchers.add(new Matcher(m.get("name").asText(), type, m.get("value").asText()));
        }
        return new Silence(n.path("id").asText(""), matchers, time(n, "startsAt"), time(n, "endsAt"),
                n.path("createdBy").asText(""), n.path("comment").asText(""), null);
    }

    /** A gettable silence, with its state at {@code now}. */
    public static ObjectNode toApi(Silence s, Instant now) {
        ObjectNode n = toJournal(s);
        n.putObject("status").put("state", s.state(now));
        return n;
    }

    public static ObjectNode toJournal(Silence s) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("id", s.id());
        ArrayNode ms = n.putArray("matchers");
        for (Matcher m : s.matchers()) {
            ms.addObject().put("name", m.name()).put("value", m.value()).put("isRegex", m.isRegex()).put("isEqual", m.isEqual());
        }
        n.put("startsAt", s.startsAt().toString());
        n.put("endsAt", s.endsAt().toString());
        n.put("createdBy", s.createdBy());
        n.put("comment", s.comment());
        n.put("updatedAt", s.updatedAt() == null ? s.startsAt().toString() : s.updatedAt().toString());
        return n;
    }

    public static Silence fromJournal(JsonNode n) {
        Silence s = fromApi(n);
        return new Silence(s.id(), s.matchers(), s.startsAt(), s.endsAt(), s.createdBy(), s.comment(), time(n, "updatedAt"));
    }

    private static Instant time(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || v.asText().isEmpty()) {
            throw new IllegalArgumentException("a silence needs '" + field + "' (RFC 3339)");
        }
        try {
            return OffsetDateTime.parse(v.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("silence field '" + field + "' is not an RFC 3339 time: '" + v.asText() + "'");
        }
    }
}
