package dev.fathom.model.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes {@link Alert}s as Alertmanager's postable-alert JSON:
 * {@code {"labels":{..},"annotations":{..},"startsAt":"RFC 3339","endsAt":"RFC 3339","generatorURL":".."}}.
 * The one place the alert wire format is spelled.
 */
public final class AlertJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AlertJson() {}

    public static byte[] toBytes(Alert alert) {
        return toJson(alert).getBytes(StandardCharsets.UTF_8);
    }

    public static String toJson(Alert alert) {
        return toNode(alert).toString();
    }

    public static ObjectNode toNode(Alert alert) {
        ObjectNode node = MAPPER.createObjectNode();
        ObjectNode labels = node.putObject("labels");
        alert.labels().forEach(labels::put);
        ObjectNode annotations = node.putObject("annotations");
        alert.annotations().forEach(annotations::put);
        node.put("startsAt", alert.startsAt().toString());
        if (alert.endsAt() != null) {
            node.put("endsAt", alert.endsAt().toString());
        }
        node.put("generatorURL", alert.generatorURL());
        return node;
    }

    /** Parses one alert; a malformed body fails with a message that names what is wrong. */
    public static Alert fromBytes(byte[] json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("alert is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("alert could not be read: " + e.getMessage(), e);
        }
        return fromNode(node);
    }

    public static Alert fromJson(String json) {
        return fromBytes(json.getBytes(StandardCharsets.UTF_8));
    }

    public static Alert fromNode(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("alert must be a JSON object");
        }
        Map<String, String> labels = stringMap(node, "labels");
        Map<String, String> annotations = stringMap(node, "annotations");
        Instant startsAt = instant(node, "startsAt");
        Instant endsAt = instant(node, "endsAt");
        if (startsAt == null) {
            startsAt = endsAt != null ? endsAt : Instant.now();
        }
        JsonNode url = node.get("generatorURL");
        return new Alert(new TreeMap<>(labels), new TreeMap<>(annotations), startsAt, endsAt,
                url == null || url.isNull() ? "" : url.asText());
    }

    private static Map<String, String> stringMap(JsonNode node, String field) {
        Map<String, String> map = new TreeMap<>();
        JsonNode object = node.get(field);
        if (object == null || object.isNull()) {
            return map;
        }
        if (!object.isObject()) {
            throw new IllegalArgumentException("alert field '" + field + "' must be an object of strings");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            if (!entry.getValue().isValueNode()) {
                throw new IllegalArgumentException("alert " + field + "." + entry.getKey() + " must be a string");
            }
            map.put(entry.getKey(), entry.getValue().asText());
        }
        return map;
    }

    private static Instant instant(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.asText().isEmpty()) {
            return null;
        }
        String text = value.asText();
        // Alertmanager writes 0001-01-01T00:00:00Z for "not set".
        if (text.startsWith("0001-01-01")) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("alert field '" + field + "' is not an RFC 3339 time: '" + text + "'");
        }
    }
}
