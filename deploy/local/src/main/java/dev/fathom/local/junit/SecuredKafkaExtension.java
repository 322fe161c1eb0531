package dev.fathom.local.junit;

import dev.fathom.local.FreePorts;
import dev.fathom.local.LocalKafkaBroker;
import dev.fathom.local.SaslSslListener;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Kafka broker whose only client listener is SASL_SSL with SCRAM-SHA-512, for one test
 * class: {@link LocalKafkaBroker} in this JVM with a throw-away CA and broker certificate, and one
 * client user ({@link #user()}, {@link #password()}). Register it as a static field with
 * {@code @RegisterExtension}. Tests give clients {@link #clientProperties} or a file from
 * {@link #writeClientConfig}, exactly what a user puts in a Fathom {@code --kafka-config} file.
 */
public final class SecuredKafkaExtension implements BeforeAllCallback, AfterAllCallback {

    public static final String USER = "fathom-client";

    private final String password = SaslSslListener.randomSecret();
    private Path dataDir;
    private SaslSslListener listener;
    private LocalKafkaBroker broker;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        dataDir = Files.createTempDirectory("fathom-kafka-sasl-test");
        listener = SaslSslListener.generate(dataDir.resolve("tls"));
        // A free port may be taken by another process before the broker binds it: try another.
        for (int attempt = 1; broker == null; attempt++) {
            try {
                broker = LocalKafkaBroker.start(dataDir.resolve("kafka-" + attempt), FreePorts.pick(), listener);
            } catch (RuntimeException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
        broker.addScramUser(USER, password);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (broker != null) {
            broker.close();
        }
        TempDirectories.delete(dataDir);
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public String user() {
        return USER;
    }

    /** The client user's password: tests check it never shows in a log. */
    public String password() {
        return password;
    }

    public LocalKafkaBroker broker() {
        return broker;
    }

    public SaslSslListener listener() {
        return listener;
    }

    /** Creates the topics (unless they exist) with the given number of partitions. */
    public void createTopics(int partitions, String... topics) {
        broker.createTopics(partitions, List.of(topics));
    }

    /** Adds (or changes the password of) a SCRAM user. */
    public void addUser(String user, String userPassword) {
        broker.addScramUser(user, userPassword);
    }

    /** Client properties for {@link #user()} with {@link #password()}. */
    public Properties clientProperties() {
        return listener.clientProperties(USER, password);
    }

    /** Client properties for any user and password (a wrong one, to test the refusal). */
    public Properties clientProperties(String user, String userPassword) {
        return listener.clientProperties(user, userPassword);
    }

    /** Writes {@code properties} as a Kafka client properties file and returns it. */
    public static Path writeClientConfig(Path file, Properties properties) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(out, "Kafka client settings for the SASL_SSL test broker");
        }
        return file;
    }
}
