package dev.fathom.collectors.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fathom.collectors.host.NetDevStats;
import dev.fathom.collectors.host.ProcNetDevParser;
import dev.fathom.collectors.reading.Reading;
import dev.fathom.local.FreePorts;
import dev.fathom.model.MetricNames;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/** Debian's real prometheus-node-exporter, started on a free loopback port for this class. */
@EnabledIf("installed")
class NodeExporterScrapeTest {

    private static final Path EXPORTER = Path.of("/usr/bin/prometheus-node-exporter");
    private static Process exporter;
    private static URI url;

    static boolean installed() {
        return Files.isExecutable(EXPORTER);
    }

    @BeforeAll
    static void startExporter() throws Exception {
        int port = FreePorts.pick();
        exporter = new ProcessBuilder(EXPORTER.toString(), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        url = URI.create("http://127.0.0.1:" + port + "/metrics");
        HttpClient client = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
                client.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    @AfterAll
    static void stopExporter() throws Exception {
        if (exporter != null) {
            exporter.destroy();
            if (!exporter.waitFor(10, TimeUnit.SECONDS)) {
                exporter.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void everyLineParsesAndFamiliesHaveTheirTypes() throws Exception {
        byte[] body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        PrometheusTextParser.Result result = PrometheusTextParser.parse(body, "node-exporter");
        assertThat(result.errors()).isEmpty();
        assertThat(result.sampleCount()).isGreaterThan(200);
        PrometheusFamily cpu = result.families().stream().filter(f -> f.name().equals("node_cpu_seconds_total"))
                .findFirst().orElseThrow();
        assertThat(cpu.type()).isEqualTo(PrometheusFamily.Type.COUNTER);
        assertThat(cpu.help()).isNotEmpty();
        assertThat(cpu.samples()).allSatisfy(s -> assertThat(s.labels()).containsKeys("cpu", "mode"));
        PrometheusFamily gc = result.families().stream().filter(f -> f.name().equals("go_gc_duration_seconds"))
                .findFirst().orElseThrow();
        assertThat(gc.type()).isEqualTo(PrometheusFamily.Type.SUMMARY);
        assertThat(gc.samples()).anySatisfy(s -> assertThat(s.labels()).containsEntry("quantile", "0.5"));
        assertThat(gc.samples()).anySatisfy(s -> assertThat(s.name()).isEqualTo("go_gc_duration_seconds_count"));
    }

    @Test
    void theNodeExporterPresetGivesHostmetricsNamesThatAgreeWithProc() throws Exception {
        PrometheusScrapeSource source = new PrometheusScrapeSource("node", url, Duration.ofSeconds(10), 32L << 20,
                PrometheusMappings.nodeExporter());
        // node-exporter leaves out lo; the busiest interface it reports is compared with /proc/net/dev.
        String device = busiestDevice();
        long before = receiveBytes(device);
        List<Reading> readings = source.read();
        long after = receiveBytes(device);
        assertThat(source.parseErrors()).isZero();
        Reading received = readings.stream().filter(r -> r.name().equals(MetricNames.NETWORK_IO)
                && device.equals(r.attributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("device")))
                && "receive".equals(r.attributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("direction"))))
                .findFirst().orElseThrow();
        assertThat(received.kind()).isEqualTo(Reading.Kind.COUNTER);
        assertThat(received.value()).isBetween((double) before, (double) after);
        // Only mapped series without pass-through.
        assertThat(readings).allSatisfy(r -> assertThat(r.name()).doesNotStartWith("node_"));

        PrometheusScrapeSource everything = new PrometheusScrapeSource("node", url, Duration.ofSeconds(10), 32L << 20,
                PrometheusMappings.nodeExporter().passUnmapped(true));
        assertThat(everything.read()).anySatisfy(r -> assertThat(r.name()).isEqualTo("node_cpu_seconds_total"));
    }

    @Test
    void aBodyOverTheLimitIsRefused() {
        PrometheusScrapeSource small = new PrometheusScrapeSource("node", url, Duration.ofSeconds(10), 1024,
                PrometheusMappings.nodeExporter());
        org.assertj.core.api.Assertions.assertThatThrownBy(small::read).hasMessageContaining("larger than the limit of 1024 bytes");
    }

    private static String busiestDevice() throws Exception {
        return ProcNetDevParser.parse(Path.of("/proc/net/dev")).rows().stream()
                .filter(nic -> !nic.device().equals("lo"))
                .max(java.util.Comparator.comparingLong(NetDevStats::receiveBytes)).orElseThrow().device();
    }

    private static long receiveBytes(String device) throws Exception {
        for (NetDevStats nic : ProcNetDevParser.parse(Path.of("/proc/net/dev")).rows()) {
            if (nic.device().equals(device)) {
                return nic.receiveBytes();
            }
        }
        throw new AssertionError("no " + device + " in /proc/net/dev");
    }
}
