package dev.fathom.collectors.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Reads a collector config from YAML. Keys are snake_case; an unknown key, a value of the wrong
 * type or a value a setter refuses fails with "FILE line L column C: key.path: reason".
 */
public final class CollectorConfigLoader {

    private CollectorConfigLoader() {}

    static ObjectMapper mapper() {
        return new ObjectMapper(new YAMLFactory())
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS);
    }

    public static CollectorConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file", e);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
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
        CollectorConfig.Sources sources = config.getSources();
        if (!sources.getNvidiaSmi().isEnabled() && !sources.getHostMetrics().isEnabled()
                && sources.getPrometheus().isEmpty() && sources.getSimulatedFleet().getNodes() == 0
                && !config.getReceivers().getOtlp().isEnabled()) {
            throw new ConfigException(origin + ": nothing to collect: enable sources.nvidia_smi, sources.host_metrics, "
                    + "a sources.prometheus scrape or sources.simulated_fleet", null);
        }
    }

    static String describe(JsonProcessingException e, String origin) {
        JsonLocation location = e.getLocation();
        String where = origin + (location != null && location.getLineNr() > 0
                ? " line " + location.getLineNr() + " column " + location.getColumnNr() : "");
        String path = "";
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            path = mapping.getPath().stream()
                    .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining()).substring(1) + ": ";
        }
        String reason;
        if (e instanceof UnrecognizedPropertyException unknown) {
            reason = "unknown key '" + unknown.getPropertyName() + "'; known keys here: "
                    + unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
            path = path.replaceFirst("\\.?" + java.util.regex.Pattern.quote(unknown.getPropertyName()) + ": $", ": ");
            if (path.equals(": ")) {
                path = "";
            }
        } else {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            reason = cause instanceof IllegalArgumentException || cause instanceof ArithmeticException
                    ? cause.getMessage() : e.getOriginalMessage();
            if (reason != null) {
                reason = reason.replaceAll("\\s*\\n.*", "");
            }
        }
        return where + ": " + path + reason;
    }
}
