package dev.fathom.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool$;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running inside this JVM,
 * with its log under a directory of the caller's. The directory is formatted on first use and
 * reused afterwards, so topics and offsets survive a restart.
 */
public final class LocalKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalKafkaBroker.class);

    private final KafkaRaftServer server;
    private final int port;
    private final boolean newlyFormatted;
    /** Admin client settings for the SASL_SSL listener (the broker's super user); empty for PLAINTEXT. */
    private Properties clientSecurity = new Properties();

    private LocalKafkaBroker(KafkaRaftServer server, int port, boolean newlyFormatted) {
        this.server = server;
        this.port = port;
        this.newlyFormatted = newlyFormatted;
    }

    /**
     * Formats {@code dataDir} if it is new and starts the broker on 127.0.0.1.
     *
     * @param port the client port; the controller takes a free port of its own
     */
    public static LocalKafkaBroker start(Path dataDir, int port) {
        return start(dataDir, port, null);
    }

    /**
     * As {@link #start(Path, int)}, with a SASL_SSL (SCRAM-SHA-512) client listener instead of
     * PLAINTEXT when {@code secured} is not null; add client users with {@link #addScramUser}.
     */
    public static LocalKafkaBroker start(Path dataDir, int port, SaslSslListener secured) {
        int controllerPort = FreePorts.pick();
        if (FreePorts.isListening(port)) {
            throw new IllegalStateException("Kafka port " + port + " on 127.0.0.1 is already in use:"
                    + " stop what listens there or choose another port");
        }
        try {
            Files.createDirectories(dataDir);
            Path logDir = dataDir.resolve("log");
            Path configFile = dataDir.resolve("server.properties");
            Properties props = brokerProperties(logDir, port, controllerPort);
            if (secured != null) {
                secured.secure(props, port, controllerPort);
            }
            try (var out = Files.newBufferedWriter(configFile)) {
                props.store(out, "Written by Fathom for the local broker; rewritten at every start");
            }
            boolean newlyFormatted = !Files.exists(logDir.resolve("meta.properties"));
            if (newlyFormatted) {
                format(configFile, secured);
            }
            KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
            try {
                server.startup();
            } catch (RuntimeException e) {
                // E.g. the port was taken between the check and the bind: leave no threads behind.
                server.shutdown();
                server.awaitShutdown();
                throw e;
            }
            LocalKafkaBroker broker = new LocalKafkaBroker(server, port, newlyFormatted);
            if (secured != null) {
                broker.clientSecurity = secured.adminClientProperties();
            }
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Kafka data directory " + dataDir, e);
        }
    }

    static Properties brokerProperties(Path logDir, int port, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        // One node: every internal topic has one replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        p.put("log.retention.hours", "24");
        return p;
    }

    private static void format(Path configFile, SaslSslListener secured) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
        List<String> args = new java.util.ArrayList<>(List.of("format", "-t", clusterId, "-c", configFile.toString()));
        if (secured != null) {
            // The broker's own SCRAM user must exist before it starts: it logs in to itself with it.
            args.addAll(List.of("--add-scram", secured.formatScramArgument()));
        }
        int rc = StorageTool$.MODULE$.execute(args.toArray(String[]::new),
                new PrintStream(output, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException("formatting the Kafka log directory failed: "
                    + output.toString(StandardCharsets.UTF_8).trim());
        }
        log.info("formatted Kafka storage with cluster id {}", clusterId);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** True when this start formatted a new, empty log directory. */
    public boolean newlyFormatted() {
        return newlyFormatted;
    }

    /** Creates each topic with the given partition count unless it exists already. */
    public void createTopics(int partitions, List<String> topics) {
        KafkaTopics.create(bootstrapServers(), partitions, topics, clientSecurity);
    }

    /**
     * Creates or updates a SCRAM-SHA-512 user (through the Admin API, as the broker's super user).
     * Only for a broker started with a {@link SaslSslListener}.
     */
    public void addScramUser(String user, String password) {
        if (clientSecurity.isEmpty()) {
            throw new IllegalStateException("this broker has no SASL listener: start it with a SaslSslListener");
        }
        KafkaTopics.upsertScramUser(bootstrapServers(), clientSecurity, user, password);
    }

    /** Allows {@code user} to write to {@code topic} (for a broker started with {@link SaslSslListener#withAcls()}). */
    public void allowWrite(String user, String topic) {
        KafkaTopics.allowWrite(bootstrapServers(), clientSecurity, user, topic);
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
