package dev.fathom.collectors.receiver;

import dev.fathom.collectors.export.KafkaMetricExporter;
import dev.fathom.collectors.export.SpooledOtlpSink;
import dev.fathom.local.FreePorts;
import dev.fathom.local.LocalKafkaBroker;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * OTLP receiver throughput into Kafka, in points per second. Starts an embedded Kafka broker
 * (unless {@code --bootstrap-servers} names one), the receivers and the Kafka sink, then has
 * several clients push requests of N gauge points over OTLP/HTTP protobuf and then over OTLP/gRPC,
 * each for a fixed time. A request counts only when answered 200/OK, i.e. after Kafka acknowledged
 * it; the figures end with the record count read back from the topic's offsets.
 *
 * <pre>mvn -B -o -q -pl collectors test-compile dependency:build-classpath -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
 * java -cp collectors/target/test-classes:collectors/target/classes:$(cat collectors/target/test.classpath) \
 *   dev.fathom.collectors.receiver.ReceiverBenchmark --seconds 20 --clients 4 --points 1000</pre>
 */
public final class ReceiverBenchmark {

    public static void main(String[] args) throws Exception {
        int seconds = intArg(args, "--seconds", 20);
        int clients = intArg(args, "--clients", 4);
        int points = intArg(args, "--points", 1000);
        String bootstrap = stringArg(args, "--bootstrap-servers", null);
        String topic = "otlp_receiver_bench_" + System.currentTimeMillis();

        Path kafkaDir = null;
        LocalKafkaBroker broker = null;
        if (bootstrap == null) {
            kafkaDir = Files.createTempDirectory("fathom-receiver-bench");
            broker = LocalKafkaBroker.start(kafkaDir, FreePorts.pick());
            bootstrap = broker.bootstrapServers();
        }
        Path spoolDir = Files.createTempDirectory("fathom-receiver-bench-spool");
        // The receiver's own transport: accepted once on the spool, sent to Kafka by its forwarder.
        KafkaMetricExporter exporter = KafkaMetricExporter.builder().bootstrapServers(bootstrap).topic(topic)
                .producerProperty("max.request.size", Integer.toString(16 << 20))
                .spool(spoolDir, 1L << 30).build();
        SpooledOtlpSink sink = new SpooledOtlpSink(exporter, 0.9, Duration.ofSeconds(5));
        try {
            if (broker != null) {
                broker.createTopics(1, List.of(topic));
            }
            ExportMetricsServiceRequest request = request(points);
            byte[] body = request.toByteArray();
            System.out.printf("OTLP receiver benchmark: %d clients x %d s per protocol, %d gauge points per request (%,d bytes protobuf), "
                    + "Kafka %s (%s), %d cores%n", clients, seconds, points, body.length, bootstrap,
                    broker == null ? "given" : "embedded, same machine", Runtime.getRuntime().availableProcessors());
            long records;
            try (OtlpReceiver receiver = OtlpReceiver.start(ReceiverSettings.defaults().withHost("127.0.0.1").withPorts(0, 0), sink)) {
                run("warm-up (HTTP)", 1, Math.min(5, seconds), points, body.length, () -> httpCall(receiver, body));
                long warm = receiver.counters().acceptedRequests();
                long http = run("OTLP/HTTP protobuf", clients, seconds, points, body.length, () -> httpCall(receiver, body));
                ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", receiver.grpcPort()).usePlaintext().build();
                try {
                    var stub = MetricsServiceGrpc.newBlockingStub(channel);
                    long grpc = run("OTLP/gRPC", clients, seconds, points, body.length, () -> {
                        stub.withDeadlineAfter(30, TimeUnit.SECONDS).export(request);
                        return true;
                    });
                    long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                    while (exporter.stats().spooledRecords() > 0 && System.nanoTime() < drainDeadline) {
                        TimeUnit.MILLISECONDS.sleep(50);
                    }
                    records = endOffset(bootstrap, topic);
                    System.out.printf("records on the topic: %,d (expected %,d = warm-up %,d + HTTP %,d + gRPC %,d)%n",
                            records, warm + http + grpc, warm, http, grpc);
                } finally {
                    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                }
            }
        } finally {
            exporter.shutdown();
            try (var files = Files.walk(spoolDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
            if (broker != null) {
                broker.close();
                try (var files = Files.walk(kafkaDir)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    private interface Call {
        boolean send() throws Exception;
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static boolean httpCall(OtlpReceiver receiver, byte[] body) throws Exception {
        HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.httpPort() + "/v1/metrics"))
                .header("Content-Type", "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.discarding());
        return response.statusCode() == 200;
    }

    /** Runs the clients for the given time; prints and returns the requests answered with success. */
    private static long run(String name, int clients, int seconds, int points, int bytes, Call call) throws InterruptedException {
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            Thread thread = new Thread(() -> {
                while (System.nanoTime() < end) {
                    try {
                        if (call.send()) {
                            ok.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf("%-20s %,10.0f requests/s %,12.0f points/s %8.1f MB/s  (%,d ok, %,d failed in %.1f s)%n", name,
                ok.get() / elapsed, ok.get() * (double) points / elapsed, ok.get() * (double) bytes / elapsed / 1e6,
                ok.get(), failed.get(), elapsed);
        return ok.get();
    }

    /** One resource, 10 GPU-like gauges with points spread over GPUs, as a node exporter would send. */
    static ExportMetricsServiceRequest request(int points) {
        String[] names = {"gpu.utilization", "gpu.memory.used", "gpu.memory.total", "gpu.power.draw", "gpu.power.limit",
                "gpu.temperature", "gpu.clock.sm", "gpu.memory.utilization", "gpu.pcie.tx", "gpu.pcie.rx"};
        ScopeMetrics.Builder scope = ScopeMetrics.newBuilder();
        long now = System.currentTimeMillis() * 1_000_000L;
        int perMetric = Math.max(1, points / names.length);
        for (String name : names) {
            Gauge.Builder gauge = Gauge.newBuilder();
            for (int i = 0; i < perMetric; i++) {
                gauge.addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(now).setAsDouble(i * 1.5)
                        .addAttributes(kv("gpu.index", Integer.toString(i % 8)))
                        .addAttributes(kv("gpu.uuid", "GPU-" + (i % 8) + "-bench-" + i / 8)));
            }
            scope.addMetrics(Metric.newBuilder().setName(name).setGauge(gauge));
        }
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(kv("host.name", "bench-node")).addAttributes(kv("cluster", "bench")))
                .addScopeMetrics(scope)).build();
    }

    private static KeyValue kv(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static long endOffset(String bootstrap, String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static int intArg(String[] args, String name, int fallback) {
        String value = stringArg(args, name, null);
        return value == null ? fallback : Integer.parseInt(value);
    }

    private static String stringArg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
