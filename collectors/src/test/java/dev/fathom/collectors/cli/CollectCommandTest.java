package dev.fathom.collectors.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.JsonFormat;
import dev.fathom.collectors.TopicReader;
import dev.fathom.collectors.gpu.nvidiasmi.Fixtures;
import dev.fathom.collectors.gpu.nvidiasmi.NvidiaSmiCaptureFile;
import dev.fathom.local.junit.KafkaExtension;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CollectCommandTest {

    @RegisterExtension
    static final KafkaExtension kafka = new KafkaExtension();

    record Run(int exitCode, String out, String err) {
        List<ExportMetricsServiceRequest> requests() throws Exception {
            List<ExportMetricsServiceRequest> requests = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (!line.isBlank()) {
                    ExportMetricsServiceRequest.Builder request = ExportMetricsServiceRequest.newBuilder();
                    JsonFormat.parser().merge(line, request);
                    requests.add(request.build());
                }
            }
            return requests;
        }
    }

    static Run run(CollectCommand command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = new CommandLine(command);
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int code = line.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static Run run(String... args) {
        return run(new CollectCommand(), args);
    }

    /** Values of one metric's points, with the given point attribute present when {@code attribute} is not null. */
    static List<Double> values(ExportMetricsServiceRequest request, String metric, String attribute) {
        List<Double> values = new ArrayList<>();
        for (var resource : request.getResourceMetricsList()) {
            for (var scope : resource.getScopeMetricsList()) {
                for (Metric m : scope.getMetricsList()) {
                    if (!m.getName().equals(metric)) {
                        continue;
                    }
                    List<NumberDataPoint> points = m.hasGauge() ? m.getGauge().getDataPointsList() : m.getSum().getDataPointsList();
                    for (NumberDataPoint point : points) {
                        boolean has = attribute == null || point.getAttributesList().stream().anyMatch(a -> a.getKey().equals(attribute));
                        if (has) {
                            values.add(point.getAsDouble());
                        }
                    }
                }
            }
        }
        return values;
    }

    static String resourceAttribute(ExportMetricsServiceRequest request, String key) {
        return request.getResourceMetrics(0).getResource().getAttributesList().stream()
                .filter(a -> a.getKey().equals(key)).map(KeyValue::getValue).map(v -> v.getStringValue()).findFirst().orElse(null);
    }

    @Test
    void replaysACaptureFileAsOneRequestPerState() throws Exception {
        Path capture = Fixtures.resource("nvidia-smi-captures/internal/captures/linux-x86_64__nvidia-h100-mig__590.48.01.txt");
        Run run = run("--replay", capture.toString(), "--print");
        assertThat(run.exitCode()).as(run.err()).isZero();
        List<ExportMetricsServiceRequest> requests = run.requests();
        assertThat(requests).hasSize(2);
        assertThat(resourceAttribute(requests.get(0), "capture.state")).isEqualTo("idle");
        ExportMetricsServiceRequest load = requests.get(1);
        assertThat(resourceAttribute(load, "capture.state")).isEqualTo("load");
        assertThat(resourceAttribute(load, "host.name")).isEqualTo("replay");
        assertThat(values(load, "gpu.power.draw", null)).containsExactly(433.78);
        assertThat(values(load, "gpu.memory.used", "mig.instance")).hasSize(4);
        assertThat(values(load, "gpu.process.memory.used", "process.pid")).hasSize(3);
        assertThat(run.err()).contains("read as an nvidia_gpu_exporter capture file");
    }

    @Test
    void replaysXmlCsvAndPrometheusText(@TempDir Path dir) throws Exception {
        Run xml = run("--replay", Fixtures.resource("nvidia-smi-xml/a100-sxm4-v12.xml").toString(), "--print");
        assertThat(xml.exitCode()).as(xml.err()).isZero();
        assertThat(values(xml.requests().get(0), "gpu.power.draw", null)).containsExactly(67.03);
        assertThat(values(xml.requests().get(0), "gpu.memory.used", "mig.instance")).hasSize(4);

        // The query-gpu CSV of a capture, with its header, as `nvidia-smi --query-gpu=... --format=csv` prints it.
        String captureText = Fixtures.read("nvidia-smi-captures/internal/captures/linux-x86_64__nvidia-geforce-rtx-4080-super__595.71.05.txt");
        String csv = NvidiaSmiCaptureFile.sections(captureText).stream()
                .filter(s -> s.state().equals("load") && s.title().startsWith("query-gpu")).findFirst().orElseThrow().body();
        Path csvFile = dir.resolve("query.csv");
        Files.writeString(csvFile, csv);
        Run csvRun = run("--replay", csvFile.toString(), "--print");
        assertThat(csvRun.exitCode()).as(csvRun.err()).isZero();
        assertThat(values(csvRun.requests().get(0), "gpu.power.draw", null)).containsExactly(84.24);
        assertThat(csvRun.err()).contains("read as nvidia-smi --query-gpu CSV with a header");

        Path metrics = Fixtures.resource(
                "nvidia-smi-captures/internal/integration/testdata/linux-x86_64__nvidia-h100-mig__590.48.01__load.metrics");
        Run prometheus = run("--replay", metrics.toString(), "--print");
        assertThat(prometheus.exitCode()).as(prometheus.err()).isZero();
        assertThat(values(prometheus.requests().get(0), "gpu.memory.used", null)).containsExactly(11665408000.0);
        assertThat(prometheus.err()).contains("read as a Prometheus text exposition");
    }

    @Test
    void anUnknownOrBrokenFileIsExitCodeTwoWithAClearMessage(@TempDir Path dir) throws Exception {
        Path garbage = dir.resolve("garbage.bin");
        Files.write(garbage, new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 1, 2, 3, '\n', 'x', 'y'});
        Run unknown = run("--replay", garbage.toString(), "--print");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains(garbage + " is not a known format");
        assertThat(unknown.out()).isEmpty();

        byte[] xml = Files.readAllBytes(Fixtures.resource("nvidia-smi-xml/tesla-t4.xml"));
        Path truncated = dir.resolve("truncated.xml");
        Files.write(truncated, Arrays.copyOf(xml, xml.length / 3));
        Run broken = run("--replay", truncated.toString(), "--print");
        assertThat(broken.exitCode()).isEqualTo(2);
        assertThat(broken.err()).contains("truncated.xml line ").contains("not well-formed XML");

        assertThat(run("--replay", dir.resolve("missing.txt").toString(), "--print").err()).contains("no such file");
        assertThat(run("--replay", garbage.toString()).exitCode()).isEqualTo(2);
        assertThat(run().exitCode()).isEqualTo(2);
    }

    @Test
    void aWrongKeyOrValueFailsAtStartWithItsLine(@TempDir Path dir) throws Exception {
        Path unknownKey = dir.resolve("unknown-key.yaml");
        Files.writeString(unknownKey, """
                interval: 5s
                kafka:
                  bootstrap_server: localhost:9092
                """);
        Run first = run("--config", unknownKey.toString(), "--check");
        assertThat(first.exitCode()).isEqualTo(2);
        assertThat(first.err()).contains(unknownKey + " line 3").contains("kafka: unknown key 'bootstrap_server'")
                .contains("known keys here: bootstrap_servers, config, delivery_timeout, producer, topic");

        Path badValue = dir.resolve("bad-value.yaml");
        Files.writeString(badValue, """
                sources:
                  simulated_fleet:
                    nodes: 2
                  prometheus:
                    - name: dcgm
                      url: http://127.0.0.1:9400/metrics
                      timeout: soon
                """);
        Run second = run("--config", badValue.toString(), "--check");
        assertThat(second.exitCode()).isEqualTo(2);
        assertThat(second.err()).contains(badValue + " line 7")
                .contains("sources.prometheus[0].timeout: 'soon' is not a duration");

        Path badPreset = dir.resolve("bad-preset.yaml");
        Files.writeString(badPreset, "sources:\n  prometheus:\n    - name: x\n      url: http://h:1/metrics\n      preset: dcgm\n");
        assertThat(run("--config", badPreset.toString(), "--check").err()).contains("line 5").contains("unknown preset 'dcgm'");

        Path good = dir.resolve("good.yaml");
        Files.writeString(good, """
                interval: 1s
                kafka:
                  bootstrap_servers: 127.0.0.1:9
                spool:
                  directory: %s
                  max_bytes: 1MiB
                sources:
                  host_metrics:
                    enabled: false
                  simulated_fleet:
                    nodes: 2
                    gpus_per_node: 4
                """.formatted(dir.resolve("spool")));
        Run ok = run("--config", good.toString(), "--check");
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("2 host(s)").contains("spool " + dir.resolve("spool"));
    }

    @Test
    void runsFromAConfigUntilStopped(@TempDir Path dir) throws Exception {
        kafka.createTopics(1, "otlp_collect_command");
        Path config = dir.resolve("collector.yaml");
        Files.writeString(config, """
                interval: 200ms
                host:
                  name: collect-test
                kafka:
                  bootstrap_servers: %s
                  topic: otlp_collect_command
                spool:
                  directory: %s
                self_metrics:
                  listen: 127.0.0.1:0
                sources:
                  host_metrics:
                    proc_root: %s
                  prometheus:
                    - name: nvidia-gpu-exporter
                      url: file-is-not-allowed
                """.formatted(kafka.bootstrapServers(), dir.resolve("spool"), Fixtures.resource("proc")));
        Run refused = run("--config", config.toString());
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("collector.yaml line 16 column 12: sources.prometheus[0].url: ").contains("is not an http or https URL");

        Files.writeString(config, Files.readString(config).replace("""
                  prometheus:
                    - name: nvidia-gpu-exporter
                      url: file-is-not-allowed
                """, ""));
        CollectCommand command = new CollectCommand();
        CompletableFuture<Run> running = CompletableFuture.supplyAsync(() -> run(command, "--config", config.toString()));
        List<TopicReader.OtlpRecord> records = TopicReader.readUntil(kafka.bootstrapServers(), "otlp_collect_command",
                r -> r.size() >= 3, Duration.ofSeconds(60));
        command.stop();
        Run finished = running.get(60, TimeUnit.SECONDS);
        assertThat(finished.exitCode()).as(finished.err()).isZero();
        assertThat(records.get(0).request().getResourceMetrics(0).getResource().getAttributesList())
                .anySatisfy(a -> assertThat(a.getValue().getStringValue()).isEqualTo("collect-test"));
        // Stopped cleanly: every record it took was delivered, nothing left in the spool.
        try (var spool = dev.fathom.collectors.spool.DiskSpool.open(dir.resolve("spool"), 256L << 20, false)) {
            assertThat(spool.pendingRecords()).isZero();
        }
    }
}
