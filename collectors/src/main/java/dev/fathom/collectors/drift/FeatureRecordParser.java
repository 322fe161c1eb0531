package dev.fathom.collectors.drift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one feature record from JSON bytes:
 * <pre>{"model": "churn", "version": "3", "timestamp": "2026-11-29T10:00:00Z",
 *  "features": {"age": 41, "plan": "pro", "tenure": null}, "prediction": 0.83, "label": 1}</pre>
 * {@code timestamp} is ISO-8601 or epoch milliseconds; {@code version}, {@code prediction} and
 * {@code label} are optional. Booleans are read as the strings "true"/"false". Anything else (not
 * UTF-8, not JSON, a nested value, a missing field) is a {@link BadRecordException} naming it.
 */
public final class FeatureRecordParser {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_EXCERPT = 80;

    public FeatureRecord parse(byte[] bytes) throws BadRecordException {
        String text = strictUtf8(bytes);
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            String reason = e.getOriginalMessage();
            int noise = reason.indexOf(" (start marker");
            if (noise > 0) {
                reason = reason.substring(0, noise);
            }
            String at = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
            throw new BadRecordException("json", "not valid JSON" + at + " (" + reason + ") in: " + excerpt(text));
        }
        if (root == null || !root.isObject()) {
            throw new BadRecordException("json", "a feature record must be a JSON object, got: " + excerpt(text));
        }
        String model = requiredText(root, "model");
        String version = optionalText(root, "version");
        Instant timestamp = timestamp(root.get("timestamp"));
        JsonNode featuresNode = root.get("features");
        if (featuresNode == null || !featuresNode.isObject()) {
            throw new BadRecordException("field", "field 'features' must be an object of name to number, string or null"
                    + (featuresNode == null ? " and is missing" : ", was " + featuresNode.getNodeType().toString().toLowerCase()));
        }
        Map<String, Object> features = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = featuresNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            features.put(field.getKey(), scalar(field.getValue(), "features." + field.getKey()));
        }
        Object prediction = scalar(root.get("prediction"), "prediction");
        Object label = scalar(root.get("label"), "label");
        return new FeatureRecord(model, version, timestamp, features, prediction, label);
    }

    private static String strictUtf8(byte[] bytes) throws BadRecordException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadRecordException("encoding", "not UTF-8 (" + e.getMessage() + "), " + bytes.length + " bytes");
        }
    }

    private static String requiredText(JsonNode root, String field) throws BadRecordException {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            throw new BadRecordException("field", "field '" + field + "' is missing");
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw new BadRecordException("type", "field '" + field + "' must be a non-empty string, was " + excerpt(node.toString()));
        }
        return node.asText();
    }

    private static String optionalText(JsonNode root, String field) throws BadRecordException {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return "";
        }
        if (node.isTextual() || node.isNumber()) {
            return node.asText();
        }
        throw new BadRecordException("type", "field '" + field + "' must be a string, was " + excerpt(node.toString()));
    }

    private static Instant timestamp(JsonNode node) throws BadRecordException {
        if (node == null || node.isNull()) {
            throw new BadRecordException("field", "field 'timestamp' is missing (ISO-8601 or epoch milliseconds)");
        }
        if (node.isIntegralNumber()) {
            return Instant.ofEpochMilli(node.asLong());
        }
        if (node.isTextual()) {
            try {
                return Instant.parse(node.asText());
            } catch (DateTimeParseException e) {
                throw new BadRecordException("type", "field 'timestamp' is not ISO-8601: " + excerpt(node.asText()));
            }
        }
        throw new BadRecordException("type", "field 'timestamp' must be ISO-8601 text or epoch milliseconds, was " + excerpt(node.toString()));
    }

    private static Object scalar(JsonNode node, String where) throws BadRecordException {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            double value = node.asDouble();
            if (!Double.isFinite(value)) {
                throw new BadRecordException("type", "'" + where + "' is not a finite number: " + excerpt(node.toString()));
            }
            return value;
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isBoolean()) {
            return Boolean.toString(node.asBoolean());
        }
        throw new BadRecordException("type", "'" + where + "' must be a number, string or null, was " + excerpt(node.toString()));
    }

    static String excerpt(String text) {
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() <= MAX_EXCERPT ? flat : flat.substring(0, MAX_EXCERPT) + "...";
    }
}
