package dev.fathom.local.junit;

import dev.fathom.local.FreePorts;
import dev.fathom.local.KafkaTopics;
import dev.fathom.local.LocalKafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * A real Kafka broker for one test class. Register it as a static field with
 * {@code @RegisterExtension}.
 *
 * <p>Where a Docker engine answers, or when {@code FATHOM_TEST_KAFKA=testcontainers}, it is
 * Testcontainers' Kafka; otherwise, or with {@code FATHOM_TEST_KAFKA=embedded}, it is
 * {@link LocalKafkaBroker} in this JVM on a temporary directory. Tests see only
 * {@link #bootstrapServers()}, so they pass the same way with either.
 */
public final class KafkaExtension implements BeforeAllCallback, AfterAllCallback {

    /** Kafka image for Testcontainers; the same version as the embedded broker. */
    static final String KAFKA_IMAGE = "apache/kafka:4.2.1";

    private LocalKafkaBroker embedded;
    private KafkaContainer container;
    private Path dataDir;
    private String bootstrapServers;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (useTestcontainers()) {
            container = new KafkaContainer(KAFKA_IMAGE);
            container.start();
            bootstrapServers = container.getBootstrapServers();
        } else {
            dataDir = Files.createTempDirectory("fathom-kafka-test");
            embedded = LocalKafkaBroker.start(dataDir, FreePorts.pick());
            bootstrapServers = embedded.bootstrapServers();
        }
    }

    static boolean useTestcontainers() {
        String mode = System.getenv().getOrDefault("FATHOM_TEST_KAFKA", "").toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "testcontainers" -> true;
            case "embedded" -> false;
            case "" -> dockerAvailable();
            default -> throw new IllegalArgumentException(
                    "FATHOM_TEST_KAFKA=" + mode + " is not known: use embedded or testcontainers");
        };
    }

    private static boolean dockerAvailable() {
        // Ask Testcontainers only where a Docker engine may be: its probe is slow and logs an
        // ERROR on machines without one.
        boolean hinted = System.getenv("DOCKER_HOST") != null
                || java.nio.file.Files.exists(Path.of("/var/run/docker.sock"))
                || java.nio.file.Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"));
        if (!hinted) {
            return false;
        }
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (container != null) {
            container.stop();
        }
        if (embedded != null) {
            embedded.close();
            TempDirectories.delete(dataDir);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Creates the topics (unless they exist) with the given number of partitions. */
    public void createTopics(int partitions, String... topics) {
        KafkaTopics.create(bootstrapServers, partitions, List.of(topics));
    }
}
