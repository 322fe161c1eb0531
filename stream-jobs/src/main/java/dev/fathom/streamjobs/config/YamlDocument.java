package dev.fathom.streamjobs.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A YAML node with its path in the document, so every error names the field it is about
 * ({@code periods[1].gpu_hour[0].on_demand: expected a decimal number, got "abc"}). Parsing is
 * Jackson's YAML module (SnakeYAML underneath); this class only adds typed, named access.
 */
public final class YamlDocument {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final String source;
    private final String path;
    private final JsonNode node;

    private YamlDocument(String source, String path, JsonNode node) {
        this.source = source;
        this.path = path;
        this.node = node;
    }

    /** Parses one YAML document; {@code source} (a file name) prefixes every error. */
    public static YamlDocument parse(String source, String text) {
        try {
            JsonNode root = YAML.readTree(text);
            if (root == null || root.isMissingNode() || root.isNull()) {
                throw new ConfigException(source + ": the document is empty");
            }
            return new YamlDocument(source, "", root);
        } catch (JsonProcessingException e) {
            throw new ConfigException(source + ": not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"), e);
        }
    }

    /** Every document of a multi-document YAML stream ({@code ---} separated). */
    public static List<YamlDocument> parseAll(String source, String text) {
        List<YamlDocument> docs = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(text)) {
            Iterator<JsonNode> it = YAML.readValues(parser, JsonNode.class);
            int i = 0;
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    docs.add(new YamlDocument(source, "document " + (i + 1) + ":", doc));
                }
                i++;
            }
        } catch (Exception e) {
            throw new ConfigException(source + ": not valid YAML: " + e.getMessage(), e);
        }
        if (docs.isEmpty()) {
            throw new ConfigException(source + ": the document is empty");
        }
        return docs;
    }

    public String path() {
        return path.isEmpty() ? "(top level)" : path;
    }

    public ConfigException error(String message) {
        return new ConfigException(source + ": " + path() + ": " + message);
    }

    private String childPath(String field) {
        return path.isEmpty() || path.endsWith(":") ? path + (path.isEmpty() ? "" : " ") + field : path + "." + field;
    }

    public boolean has(String field) {
        return node.has(field) && !node.get(field).isNull();
    }

    /** A required mapping or list field. */
    public YamlDocument get(String field) {
        if (!node.isObject()) {
            throw error("expected a mapping with field '" + field + "'");
        }
        JsonNode child = node.get(field);
        if (child == null || child.isNull()) {
            throw new ConfigException(source + ": " + childPath(field) + ": required field is missing");
        }
        return new YamlDocument(source, childPath(field), child);
    }

    /** A required list field's items. */
    public List<YamlDocument> list(String field) {
        YamlDocument list = get(field);
        if (!list.node.isArray()) {
            throw list.error("expected a list");
        }
        List<YamlDocument> items = new ArrayList<>();
        for (int i = 0; i < list.node.size(); i++) {
            items.add(new YamlDocument(source, list.path + "[" + i + "]", list.node.get(i)));
        }
        return items;
    }

    /** An optional list field's items (empty when absent). */
    public List<YamlDocument> optionalList(String field) {
        return has(field) ? list(field) : List.of();
    }

    public String text(String field) {
        YamlDocument child = get(field);
        if (!child.node.isValueNode()) {
            throw child.error("expected a text value");
        }
        return child.node.asText();
    }

    /** A text field, or the first item when it is a list (OpenSLO labels may be either). */
    public String textOrFirst(String field) {
        YamlDocument child = get(field);
        if (child.node.isArray()) {
            return child.node.isEmpty() ? "" : child.node.get(0).asText();
        }
        return text(field);
    }

    public String text(String field, String fallback) {
        return has(field) ? text(field) : fallback;
    }

    public BigDecimal decimal(String field) {
        YamlDocument child = get(field);
        try {
            BigDecimal value = new BigDecimal(child.node.asText().trim());
            if (!child.node.isNumber() && !child.node.isTextual()) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw child.error("expected a decimal number, got '" + child.node.asText() + "'");
        }
    }

    public BigDecimal decimal(String field, BigDecimal fallback) {
        return has(field) ? decimal(field) : fallback;
    }

    public double number(String field) {
        return decimal(field).doubleValue();
    }

    public Instant instant(String field) {
        YamlDocument child = get(field);
        String text = child.node.asText().trim();
        try {
            return text.length() == 10 ? Instant.parse(text + "T00:00:00Z") : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw child.error("expected a date (2025-01-31) or UTC time (2025-01-31T00:00:00Z), got '" + text + "'");
        }
    }

    /** The fields of a mapping as text, e.g. {@code match: {host: "a*"}}. */
    public Map<String, String> textMap(String field) {
        YamlDocument child = get(field);
        if (!child.node.isObject()) {
            throw child.error("expected a mapping");
        }
        Map<String, String> out = new java.util.LinkedHashMap<>();
        child.node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** Fails on any field not in {@code known}, so a misspelt field is not silently ignored. */
    public void allowOnly(String... known) {
        if (!node.isObject()) {
            throw error("expected a mapping");
        }
        List<String> allowed = List.of(known);
        node.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                throw new ConfigException(source + ": " + childPath(name) + ": unknown field (known: " + String.join(", ", allowed) + ")");
            }
        });
    }
}
