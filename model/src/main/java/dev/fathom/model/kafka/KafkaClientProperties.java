package dev.fathom.model.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * A Kafka client properties file, as Kafka's own tools read with {@code --command-config}: the
 * one way every Fathom Kafka client (collector, OTLP receiver, drift, stream jobs, alerts) gets
 * its security settings ({@code security.protocol}, {@code sasl.mechanism},
 * {@code sasl.jaas.config}, {@code ssl.truststore.*}, {@code ssl.keystore.*}) and any other
 * client setting.
 *
 * <p>Secrets stay out of the file with Kafka's own config providers (KIP-297, KIP-887):
 * {@code config.providers=env} and {@code ${env:KAFKA_PASSWORD}} in a value; the Kafka client
 * resolves them, so the text Fathom reads and passes on holds the reference, not the password.
 *
 * <p>{@link #applyTo} merges the file under a client's own settings: the file may tune anything,
 * except the settings the client's guarantees rest on ({@code acks}, idempotence, isolation
 * level, offset commits, serializers, the brokers), which it may only repeat unchanged; a
 * different value is an error naming the key, never silently ignored.
 *
 * <p>{@link #toString()} and every error message mask the values of password-like keys.
 */
public final class KafkaClientProperties {

    /** Environment variable naming the file when a component's option or config key does not. */
    public static final String ENV = "FATHOM_KAFKA_CONFIG";

    /** What a masked value shows. Kafka's own config logging shows {@code [hidden]}. */
    public static final String MASK = "[hidden]";

    /** Keys whose values are never shown: Kafka's PASSWORD-typed keys and their kin. */
    private static final Set<String> SECRET_SUFFIXES = Set.of(
            ".password", "jaas.config", "ssl.keystore.key", "ssl.keystore.certificate.chain",
            "ssl.truststore.certificates", "client.secret", ".secret", "token", ".credentials");

    /** Settings a client's guarantees rest on: a file may repeat them, not change them. */
    public static final Set<String> GUARANTEED = Set.of(
            "bootstrap.servers", "acks", "enable.idempotence", "isolation.level", "enable.auto.commit",
            "transactional.id", "key.serializer", "value.serializer", "key.deserializer", "value.deserializer",
            "group.id");

    private static final KafkaClientProperties NONE = new KafkaClientProperties(null, Map.of());

    private final Path source;
    private final Map<String, String> values;

    private KafkaClientProperties(Path source, Map<String, String> values) {
        this.source = source;
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** No file: the client's own settings only (PLAINTEXT). */
    public static KafkaClientProperties none() {
        return NONE;
    }

    /** Settings given in code (e.g. a YAML map), checked like a file's. */
    public static KafkaClientProperties of(Map<String, String> values) {
        values.forEach((k, v) -> checkEntry(k, v, "given settings"));
        return values.isEmpty() ? NONE : new KafkaClientProperties(null, values);
    }

    /**
     * Reads {@code file} (java.util.Properties syntax, UTF-8). Errors name the file and the
     * problem, never a value.
     *
     * @throws IllegalArgumentException when the file is missing, unreadable or has a blank key
     */
    public static KafkaClientProperties load(Path file) {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("Kafka client config " + file + " does not exist");
        } catch (IOException | IllegalArgumentException e) {
            // Properties.load's own message may quote a line of the file, so it is not repeated.
            throw new IllegalArgumentException("cannot read Kafka client config " + file + ": "
                    + e.getClass().getSimpleName());
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : props.stringPropertyNames()) {
            String value = props.getProperty(key).strip();
            checkEntry(key, value, "Kafka client config " + file);
            values.put(key.strip(), value);
        }
        return new KafkaClientProperties(file, values);
    }

    /**
     * The file a component names ({@code --kafka-config}, {@code kafka.config}); else the one
     * {@link #ENV} names; else {@link #none()}.
     */
    public static KafkaClientProperties resolve(Path explicit, Map<String, String> env) {
        if (explicit != null) {
            return load(explicit);
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return load(Path.of(fromEnv.strip()));
        }
        return NONE;
    }

    /** {@link #resolve(Path, Map)} with this process's environment. */
    public static KafkaClientProperties resolve(Path explicit) {
        return resolve(explicit, System.getenv());
    }

    private static void checkEntry(String key, String value, String where) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException(where + " has an entry without a key");
        }
        if (value == null) {
            throw new IllegalArgumentException(where + ": '" + key + "' has no value");
        }
    }

    /**
     * Puts this file's settings into a client's {@code config}, which holds the client's own
     * settings already. A key of {@link #GUARANTEED} that {@code config} sets may appear in the
     * file only with the same value.
     *
     * @param client names the client in errors, e.g. "the collector's producer"
     * @return {@code config}, for chaining
     * @throws IllegalArgumentException naming the key, the file and the value Fathom needs
     */
    public Properties applyTo(Properties config, String client) {
        for (Map.Entry<String, String> e : values.entrySet()) {
            String key = e.getKey();
            Object own = config.get(key);
            if (own != null && GUARANTEED.contains(key) && !own.toString().strip().equalsIgnoreCase(e.getValue())) {
                throw new IllegalArgumentException(where() + " sets " + key + "=" + shown(key, e.getValue()) + ", but "
                        + client + " needs " + key + "=" + shown(key, own.toString())
                        + " (Fathom's delivery guarantees rest on it): remove the line");
            }
            config.put(key, e.getValue());
        }
        return config;
    }

    /** The settings as read, values unresolved (a {@code ${env:...}} reference stays one). */
    public Map<String, String> asMap() {
        return values;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The file read, or null. */
    public Path source() {
        return source;
    }

    /** security.protocol, PLAINTEXT when unset: what startup lines print. */
    public String securityProtocol() {
        return values.getOrDefault("security.protocol", "PLAINTEXT");
    }

    /** One line for startup logs: the protocol, the mechanism and the file, never a secret. */
    public String describe() {
        String mechanism = values.get("sasl.mechanism");
        return securityProtocol() + (mechanism != null && securityProtocol().startsWith("SASL") ? " " + mechanism : "")
                + (source != null ? " (" + source + ")" : "");
    }

    /** Whether {@code key}'s value must never be shown. */
    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        for (String suffix : SECRET_SUFFIXES) {
            if (k.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    private static String shown(String key, String value) {
        return isSecret(key) ? MASK : value;
    }

    private String where() {
        return source != null ? "Kafka client config " + source : "the Kafka client settings";
    }

    /**
     * A hint for a failure a Kafka client reported: names the authentication or authorization
     * problem and where its settings come from; null when the failure is of another kind. Looks at
     * the cause chain's class names so this module needs no Kafka dependency.
     */
    public String hintFor(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String name = t.getClass().getSimpleName();
            if (name.equals("SaslAuthenticationException")) {
                return "the broker refused the SASL login: check the user and password in sasl.jaas.config of "
                        + settingsName() + " (mechanism " + values.getOrDefault("sasl.mechanism", "GSSAPI") + ")";
            }
            if (name.equals("SslAuthenticationException")) {
                return "the TLS handshake with the broker failed: check ssl.truststore.* (the broker's CA), "
                        + "ssl.keystore.* for mTLS and the broker's host name in " + settingsName();
            }
            if (name.endsWith("AuthorizationException")) {
                return "the broker's ACLs do not allow this (" + name + "): grant the user of " + settingsName()
                        + " access to the topic or group";
            }
            if (name.endsWith("AuthenticationException")) {
                return "the broker refused the connection's authentication: check " + settingsName();
            }
        }
        return null;
    }

    private String settingsName() {
        return source != null ? source.toString() : "the Kafka client settings (" + ENV + " or --kafka-config)";
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("KafkaClientProperties{");
        if (source != null) {
            out.append(source).append(": ");
        }
        String sep = "";
        for (Map.Entry<String, String> e : values.entrySet()) {
            out.append(sep).append(e.getKey()).append('=').append(shown(e.getKey(), e.getValue()));
            sep = ", ";
        }
        return out.append('}').toString();
    }
}
