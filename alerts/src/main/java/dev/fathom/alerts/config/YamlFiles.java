package dev.fathom.alerts.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import java.util.stream.Collectors;

/**
 * Reads a YAML file into records with snake_case keys, strictly: an unknown key, a wrong type or a
 * value a record refuses fails with the file, line and a sentence naming the problem. Durations
 * use Prometheus spelling; {@link Secret} values expand {@code ${ENV}} references.
 */
public final class YamlFiles {

    private static final String ENV = "fathom.env";

    private YamlFiles() {}

    public static <T> T read(Path file, Class<T> type, Map<String, String> env) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot be read (" + e.getMessage() + ")");
        }
        return read(file.toString(), bytes, type, env);
    }

    public static <T> T read(String name, byte[] yaml, Class<T> type, Map<String, String> env) {
        try {
            T value = reader(type, env).readValue(yaml);
            if (value == null) {
                throw new ConfigException(name + ": the file is empty");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new ConfigException(name + describe(e, yaml));
        } catch (IOException e) {
            throw new ConfigException(name + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    private static String describe(JsonProcessingException e, byte[] yaml) {
        String path = e instanceof JsonMappingException m ? path(m) : "";
        int line = e instanceof JsonMappingException m ? lineOf(yaml, m.getPath()) : -1;
        if (line < 0 && e.getLocation() != null) {
            line = e.getLocation().getLineNr();
        }
        String problem;
        if (e instanceof UnrecognizedPropertyException u) {
            problem = "unknown key '" + u.getPropertyName() + "' (known keys here: "
                    + u.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ")";
        } else if (rootCause(e) instanceof IllegalArgumentException iae) {
            problem = iae.getMessage();
        } else if (rootCause(e) instanceof MarkedYAMLException marked) {
            // SnakeYAML's own message quotes the lines around the error, which may hold a secret.
            problem = (marked.getContext() == null ? "" : marked.getContext() + ": ") + marked.getProblem();
            // Where the construct began (an unclosed quote's line), else where the parser gave up.
            org.yaml.snakeyaml.error.Mark mark = marked.getContextMark() != null ? marked.getContextMark() : marked.getProblemMark();
            if (mark != null) {
                line = mark.getLine() + 1;
            }
        } else {
            problem = e.getOriginalMessage().replaceAll("\\s+", " ");
        }
        return (line > 0 ? " line " + line : "") + (path.isEmpty() ? "" : " (" + path + ")") + ": " + problem;
    }

    /**
     * The line where the key (or list item) at the end of {@code path} starts, found in the YAML's
     * own node tree: Jackson reports where its parser stood, which for YAML is often a line later.
     */
    static int lineOf(byte[] yaml, List<JsonMappingException.Reference> path) {
        Node node;
        try {
            node = new Yaml().compose(new java.io.InputStreamReader(new java.io.ByteArrayInputStream(yaml), java.nio.charset.StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return -1;
        }
        int line = -1;
        for (JsonMappingException.Reference ref : path) {
            if (node instanceof MappingNode map && ref.getFieldName() != null) {
                Node next = null;
                for (NodeTuple t : map.getValue()) {
                    if (t.getKeyNode() instanceof ScalarNode key && key.getValue().equals(ref.getFieldName())) {
                        line = key.getStartMark().getLine() + 1;
                        next = t.getValueNode();
                    }
                }
                if (next == null) {
                    return line;
                }
                node = next;
            } else if (node instanceof SequenceNode seq && ref.getIndex() >= 0 && ref.getIndex() < seq.getValue().size()) {
                node = seq.getValue().get(ref.getIndex());
                line = node.getStartMark().getLine() + 1;
            } else {
                return line;
            }
        }
        return line;
    }

    private static String path(JsonMappingException e) {
        StringBuilder out = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                out.append(out.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static Throwable rootCause(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /**
     * One mapper for every file: a mapper works out each record's deserializer on first use and
     * keeps it, so building one per file cost milliseconds a file. The environment travels with
     * each read as a reader attribute.
     */
    private static final YAMLMapper MAPPER = mapper();

    private static <T> ObjectReader reader(Class<T> type, Map<String, String> env) {
        return MAPPER.readerFor(type).withAttribute(ENV, env);
    }

    private static YAMLMapper mapper() {
        SimpleModule module = new SimpleModule("fathom-alerts-config");
        module.addDeserializer(Duration.class, new JsonDeserializer<>() {
            @Override
            public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return Durations.parse(p.getValueAsString());
            }
        });
        module.addDeserializer(Secret.class, new JsonDeserializer<>() {
            @Override
            @SuppressWarnings("unchecked")
            public Secret deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                String text = p.getValueAsString();
                if (text == null) {
                    throw new IllegalArgumentException("expected a string");
                }
                return Secret.expand(text, (Map<String, String>) ctxt.getAttribute(ENV));
            }
        });
        return YAMLMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .addModule(module)
                .build();
    }
}
