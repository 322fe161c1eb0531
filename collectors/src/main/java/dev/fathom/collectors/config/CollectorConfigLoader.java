package dev.fathom.collectors.config;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Reads a collector config from YAML. Keys are snake_case; an unknown key, a value of the wrong
 * type or a value a setter refuses fails with "FILE line L column C: key.path: reason".
 */
public final class CollectorConfigLoader {

    /** Far above any real config; SnakeYAML takes seconds on a scalar of a few megabytes. */
    static final long MAX_FILE_BYTES = 1 << 20;

    private CollectorConfigLoader() {}

    static ObjectMapper mapper() {
        return new ObjectMapper(new YAMLFactory())
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                // a key without a value ("spool:" or "[~]") is refused, not a null that fails later
                .setDefaultSetterInfo(JsonSetter.Value.construct(Nulls.FAIL, Nulls.FAIL))
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS);
    }

    public static CollectorConfig load(Path file) throws ConfigException {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ConfigException(file + ": " + size + " bytes is too large for a config file (at most 1MiB)", null);
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file", e);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(utf8(bytes, file.toString()), file.toString());
    }

    /** The file's text; invalid UTF-8 is refused naming its line and column, not "Input length = 1". */
    private static String utf8(byte[] bytes, String origin) throws ConfigException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            throw new ConfigException(String.format("%s line %d column %d: not UTF-8 text (byte 0x%02X)",
                    origin, line, at - lineStart + 1, bytes[at] & 0xff), null);
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    public static CollectorConfig parse(String yaml, String origin) throws ConfigException {
        if (yaml.isBlank()) {
            return new CollectorConfig();
        }
        CollectorConfig config;
        try {
            config = mapper().readValue(yaml, CollectorConfig.class);
        } catch (JsonProcessingException e) {
            throw new ConfigException(describe(e, origin), e);
        }
        if (config == null) {
            return new CollectorConfig();
        }
        validate(config, origin);
        return config;
    }

    private static void validate(CollectorConfig config, String origin) throws ConfigException {
        int i = 0;
        for (CollectorConfig.PrometheusScrape scrape : config.getSources().getPrometheus()) {
            if (scrape.getName() == null || scrape.getUrl() == null) {
                throw new ConfigException(origin + ": sources.prometheus[" + i + "]: name and url are required", null);
            }
            int j = 0;
            for (CollectorConfig.MetricRule rule : scrape.getMetrics()) {
                if (rule.getMatch() == null || rule.getName() == null) {
                    throw new ConfigException(origin + ": sources.prometheus[" + i + "].metrics[" + j
                            + "]: match and name are required", null);
                }
                j++;
            }
            i++;
        }
        int f = 0;
        for (CollectorConfig.ScheduledFault fault : config.getSources().getSimulatedFleet().getFaults()) {
            if (fault.getType() == null || fault.getNode() == null) {
                throw new ConfigException(origin + ": sources.simulated_fleet.faults[" + f + "]: type and node are required", null);
            }
            f++;
        }
        CollectorConfig.Sources sources = config.getSources();
        if (!sources.getNvidiaSmi().isEnabled() && !sources.getHostMetrics().isEnabled()
                && sources.getPrometheus().isEmpty() && sources.getSimulatedFleet().getNodes() == 0
                && !config.getReceivers().getOtlp().isEnabled()) {
            throw new ConfigException(origin + ": nothing to collect: enable sources.nvidia_smi, sources.host_metrics, "
                    + "a sources.prometheus scrape or sources.simulated_fleet", null);
        }
    }

    /** Jackson's YAML parser names SnakeYAML's events and Java classes: say what they are in YAML. */
    private static String readable(String reason) {
        return reason.replace("<org.yaml.snakeyaml.events.SequenceStartEvent", "<a list")
                .replace("<org.yaml.snakeyaml.events.MappingStartEvent", "<a mapping")
                .replace("<org.yaml.snakeyaml.events.ScalarEvent", "<a value")
                .replaceAll("<org\\.yaml\\.snakeyaml\\.events\\.(\\w+)Event", "<$1")
                .replaceAll("\\((anchor|tag|value)=[^>]*\\)>", ">")
                .replaceAll("`?\\b(?:java|javax|dev|com|org)\\.[\\w.$]+\\.(\\w+)`?", "$1");
    }

    /** One terminal line: control characters and line separators (echoed from the file) escaped. */
    private static String printable(String message) {
        StringBuilder out = new StringBuilder(message.length());
        message.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || c == 0x85) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** What a value of this Java type looks like in YAML. */
    private static String expected(Class<?> type) {
        if (type == String.class || type == Object.class) {
            return "a single value";
        } else if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        } else if (type == double.class || type == Double.class) {
            return "a number";
        } else if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        } else if (java.util.Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "keys and values (a mapping)";
    }

    /** A key (a producer setting, a label) for a message, cut like ConfigValues.quoted. */
    private static String cut(String key) {
        return key.length() > 80 ? key.substring(0, 80) + "..." : key;
    }

    static String describe(JsonProcessingException e, String origin) {
        JsonLocation location = e.getLocation();
        String where = origin + (location != null && location.getLineNr() > 0
                ? " line " + location.getLineNr() + " column " + location.getColumnNr() : "");
        String path = "";
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            path = mapping.getPath().stream()
                    .map(r -> r.getFieldName() != null ? "." + cut(r.getFieldName()) : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining()).substring(1) + ": ";
        }
        String reason;
        if (e instanceof UnrecognizedPropertyException unknown) {
            reason = "unknown key " + ConfigValues.quoted(unknown.getPropertyName()) + "; known keys here: "
                    + unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
            path = path.replaceFirst("\\.?" + java.util.regex.Pattern.quote(cut(unknown.getPropertyName())) + ": $", ": ");
            if (path.equals(": ")) {
                path = "";
            }
        } else if (e instanceof InvalidNullException) {
            reason = "no value (leave the key out for its default)";
        } else {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            if (cause instanceof IllegalArgumentException || cause instanceof ArithmeticException) {
                reason = cause.getMessage();
            } else if (cause instanceof MarkedYAMLException yaml) {
                reason = (yaml.getContext() != null ? yaml.getContext() + ": " : "") + yaml.getProblem();
            } else if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
                // Jackson's own text names Java classes and quotes the whole value, however long
                reason = "expected " + expected(mismatch.getTargetType());
            } else {
                reason = e.getOriginalMessage();
            }
            reason = reason == null ? "cannot be read" : readable(reason.split("\n", 2)[0]);
            if (reason.length() > 300) {
                reason = reason.substring(0, 300) + "...";
            }
        }
        return printable(where + ": " + path + reason);
    }
}
