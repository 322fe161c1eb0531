package dev.fathom.collectors.receiver;

import dev.fathom.collectors.export.KafkaMetricExporter;
import dev.fathom.collectors.export.SpooledOtlpSink;
import dev.fathom.model.Topics;
import dev.fathom.model.kafka.KafkaClientProperties;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fathom otlp-receiver}: the OTLP/HTTP and OTLP/gRPC receivers as a process, writing every
 * accepted request to Kafka through a bounded disk spool (the collector's transport), so a broker
 * outage or a restart loses nothing that was answered 200. Stops on SIGINT/SIGTERM: stops
 * accepting, answers what is in flight, sends what the spool holds while Kafka answers, closes the
 * ports. Exit 2 for bad options, a spool that cannot be opened or a busy port.
 */
@Command(name = "otlp-receiver", mixinStandardHelpOptions = true,
        description = "Receive OTLP metrics over HTTP (4318) and gRPC (4317) and write them to Kafka.")
public final class OtlpReceiverCommand implements Callable<Integer> {

    /** Environment variable read for the bearer token when no --token-file is given. */
    public static final String TOKEN_ENV = ReceiverSecurity.TOKEN_ENV;
    /** Environment variable with the --tls-keystore password; {@code _FILE} appended: a file holding it. */
    public static final String TLS_PASSWORD_ENV = ReceiverSecurity.TLS_PASSWORD_ENV;

    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", description = "Kafka brokers (default ${DEFAULT-VALUE}).")
    String bootstrapServers;

    @Option(names = "--topic", defaultValue = Topics.OTLP_METRICS, description = "Kafka topic (default ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Kafka client properties file (security.protocol, sasl.*, ssl.*; see docs/security.md); "
                    + "default $FATHOM_KAFKA_CONFIG, else PLAINTEXT.")
    Path kafkaConfig;

    @Option(names = "--host", defaultValue = "0.0.0.0", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--http-port", defaultValue = "4318", description = "OTLP/HTTP port, -1 for none (default ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--grpc-port", defaultValue = "4317", description = "OTLP/gRPC port, -1 for none (default ${DEFAULT-VALUE}).")
    int grpcPort;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "File holding the bearer token clients must send; otherwise $" + TOKEN_ENV + "; neither: no auth.")
    Path tokenFile;

    @Option(names = "--tls-keystore", paramLabel = "FILE",
            description = "PKCS12 key store with the server certificate: both receivers speak TLS. Its password: $"
                    + TLS_PASSWORD_ENV + " or the file $" + TLS_PASSWORD_ENV + "_FILE names.")
    Path tlsKeystore;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "PEM certificate chain (with --tls-key): both receivers speak TLS.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM PKCS#8 private key of --tls-cert.")
    Path tlsKey;

    @Option(names = "--max-request-bytes", defaultValue = "4194304", description = "Largest body as sent (default ${DEFAULT-VALUE}).")
    long maxRequestBytes;

    @Option(names = "--max-decompressed-bytes", defaultValue = "16777216",
            description = "Largest body after gzip and largest gRPC message (default ${DEFAULT-VALUE}).")
    int maxDecompressedBytes;

    @Option(names = "--retry-after", defaultValue = "PT5S", description = "Wait told to refused clients (default ${DEFAULT-VALUE}).")
    Duration retryAfter;

    @Option(names = "--delivery-timeout", defaultValue = "PT30S",
            description = "How long one send may wait for Kafka before it counts as failed (and, with the spool, is retried) (default ${DEFAULT-VALUE}).")
    Duration deliveryTimeout;

    @Option(names = "--spool-dir", paramLabel = "DIR",
            description = "Disk spool that keeps accepted requests while Kafka cannot be reached "
                    + "(default $FATHOM_VAR/spool/otlp-receiver, or var/spool/otlp-receiver).")
    Path spoolDir;

    @Option(names = "--spool-max-bytes", defaultValue = "268435456",
            description = "Size limit of the spool; requests are refused (503 while Kafka is away, 429 while it catches up) above 90 % of it (default ${DEFAULT-VALUE}).")
    long spoolMaxBytes;

    @Option(names = "--no-spool", description = "No spool: answer only once Kafka acknowledged, 503 while it cannot be reached.")
    boolean noSpool;

    /** Counted down to stop; the shutdown hook and tests use it. */
    final CountDownLatch stop = new CountDownLatch(1);

    /** Set once the ports are bound; for tests. */
    volatile OtlpReceiver running;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ReceiverSettings settings;
        try {
            String token = token();
            settings = new ReceiverSettings(host, httpPort, grpcPort, token, maxRequestBytes, maxDecompressedBytes,
                    retryAfter, Duration.ofSeconds(30), tls());
        } catch (java.io.UncheckedIOException | IllegalArgumentException e) {
            err.println("otlp-receiver: " + e.getMessage());
            return 2;
        }
        KafkaMetricExporter exporter;
        try {
            KafkaMetricExporter.Builder builder = KafkaMetricExporter.builder().bootstrapServers(bootstrapServers).topic(topic)
                    .deliveryTimeout(deliveryTimeout)
                    .kafkaConfig(KafkaClientProperties.resolve(kafkaConfig))
                    .producerProperty(ProducerConfig.CLIENT_ID_CONFIG, "fathom-otlp-receiver")
                    .producerProperty(ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                            Integer.toString(Math.max(maxDecompressedBytes + (64 << 10), 1 << 20)))
                    .producerProperty(ProducerConfig.BUFFER_MEMORY_CONFIG, Long.toString(64L << 20))
                    // A send waits this long for buffer space or topic metadata before it fails.
                    .producerProperty(ProducerConfig.MAX_BLOCK_MS_CONFIG, "2000");
            if (!noSpool) {
                builder.spool(spoolDirectory(), spoolMaxBytes);
            }
            exporter = builder.build();
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            err.println("otlp-receiver: " + e.getMessage());
            return 2;
        }
        try {
            SpooledOtlpSink sink = new SpooledOtlpSink(exporter, SPOOL_HIGH_WATER, retryAfter);
            OtlpReceiver receiver;
            try {
                receiver = OtlpReceiver.start(settings, sink);
            } catch (IOException e) {
                err.println("otlp-receiver: " + e.getMessage());
                return 2;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                stop.countDown();
                try {
                    stopped.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "otlp-receiver-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            running = receiver;
            out.printf("OTLP receiver: HTTP %s:%d/v1/metrics, gRPC %s:%d -> Kafka topic %s at %s%s%s%s%n",
                    host, receiver.httpPort(), host, receiver.grpcPort(), topic, bootstrapServers,
                    noSpool ? " (no spool)" : " through the spool " + spoolDirectory(),
                    settings.bearerToken() == null ? " (no auth)" : " (bearer token)",
                    settings.tls() == null ? "" : " over TLS");
            out.flush();
            try {
                stop.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                // Receiver first (answers what is in flight), then the transport: it sends what the
                // spool holds while Kafka answers (up to the delivery timeout); the rest stays spooled.
                receiver.close();
                exporter.shutdown();
                stopped.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // The hook is what stopped us.
                }
            }
            return 0;
        } catch (RuntimeException e) {
            err.println("otlp-receiver: " + e.getMessage());
            return 1;
        } finally {
            exporter.shutdown();
        }
    }

    /** Refuse above this share of the spool: the spool itself would drop its oldest records when full. */
    static final double SPOOL_HIGH_WATER = 0.9;

    private Path spoolDirectory() {
        if (spoolDir != null) {
            return spoolDir;
        }
        String var = System.getenv("FATHOM_VAR");
        return Path.of(var == null || var.isBlank() ? "var" : var, "spool", "otlp-receiver");
    }

    private ReceiverTls tls() {
        return ReceiverSecurity.tls(tlsKeystore, tlsCert, tlsKey, System.getenv());
    }

    private String token() {
        return ReceiverSecurity.token(tokenFile, System.getenv());
    }
}
