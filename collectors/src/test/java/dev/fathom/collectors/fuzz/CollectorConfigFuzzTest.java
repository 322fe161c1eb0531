package dev.fathom.collectors.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.collectors.config.CollectorConfig;
import dev.fathom.collectors.config.CollectorConfigLoader;
import dev.fathom.collectors.config.ConfigException;
import dev.fathom.local.fuzz.FuzzRun;
import dev.fathom.local.fuzz.Mutations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The collector's YAML config (what {@code fathom collect --config FILE} reads), mutated from the
 * files Fathom ships and documents, generated from YAML tokens, and YAML bombs: every input loads
 * into a config whose values keep the loader's promises, or is refused with a
 * {@link ConfigException} whose one-line message names the file and the line or the key.
 */
class CollectorConfigFuzzTest {

    static final List<byte[]> CONFIGS = Fixtures.under("fuzz/collector-config", ".yaml");

    static final List<String> TOKENS = List.of("interval: ", "host:\n  name: ", "kafka:\n  bootstrap_servers: ",
            "spool:\n  max_bytes: ", "self_metrics:\n  listen: ", "sources:\n", "  prometheus:\n    - name: a\n      url: ",
            "  simulated_fleet:\n    nodes: ", "receivers:\n  otlp:\n    http_port: ", "enabled: true", "- ", ": ", "  ",
            "~", "null", "[]", "{}", "&a ", "*a", "<<: *a", "!!java.net.URL ", "!!binary ", "!!str ", "!!int ", "!!float ",
            "!<tag:yaml.org,2002:java.lang.Runtime> ", "---\n", "...\n", "? ", "|\n", ">-\n", "%YAML 1.1\n", "%TAG ! x\n",
            "10s", "0s", "-1s", "99999999999999999h", "PT-5S", "256MiB", "0", "-1", "65536", "65535", "99999",
            "9999999999GiB", ".nan", ".inf", "-.inf", "0x10", "0o17", "1_000", "127.0.0.1:9464", "[::1]:0", "http://",
            "http:x", "file:///etc/passwd", "gauge", "counter", "xid_storm", "sim-node-02", "training", "yes", "on");

    private static final Path FILE = tempFile();
    private static final Pattern LOCATED = Pattern.compile(" line \\d+ column \\d+: .+");
    private static final Pattern KEY_PATH = Pattern.compile(": [a-z_]+(\\.[a-z_]+|\\[\\d+\\])*: .+");

    @Property
    void aConfigLoadsSaneOrIsRefusedNamingFileAndPlace(@ForAll("inputs") byte[] input) {
        write(input);
        String origin = FILE.toString();
        FuzzRun.Outcome<CollectorConfig> outcome =
                FuzzRun.parse(input, () -> CollectorConfigLoader.load(FILE), ConfigException.class);
        if (outcome.rejected()) {
            String message = outcome.rejection().getMessage();
            String shown = message.length() > 600 ? message.substring(0, 600) + "...(" + message.length() + " characters)" : message;
            assertThat(message.length()).as("length of '%s'", shown).isLessThan(1000);
            assertThat(message).as("message of %s", FuzzRun.show(input)).startsWith(origin).doesNotContainPattern("[\\p{Cntrl}\u0085\u2028\u2029]")
;
            // the file's own text, echoed in quotes, may say anything; the loader's words may not name Java classes
            assertThat(message.replaceAll("'.*'", "''")).as("message of %s", FuzzRun.show(input))
                    .doesNotContain("dev.fathom", "com.fasterxml", "org.yaml", "java.lang", ": null");
            String rest = message.substring(origin.length());
            assertThat(LOCATED.matcher(rest).matches() || KEY_PATH.matcher(rest).matches() || rest.startsWith(": not UTF-8")
                    || rest.startsWith(": nothing to collect") || rest.endsWith("is too large for a config file (at most 1MiB)"))
                    .as("'%s' names the line or the key, for %s", shown, FuzzRun.show(input)).isTrue();
        } else {
            sane(outcome.value());
        }
    }

    /** The promises of CollectorConfig's setters and the loader's checks. */
    static void sane(CollectorConfig config) {
        assertThat(config.getHost()).isNotNull();
        assertThat(config.getHost().getCluster()).isNotBlank();
        assertThat(config.getInterval()).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        CollectorConfig.Kafka kafka = config.getKafka();
        assertThat(kafka.getTopic()).isNotBlank();
        assertThat(kafka.getDeliveryTimeout()).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        for (String server : kafka.getBootstrapServers().split(",")) {
            if (!server.isBlank()) {
                int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1).strip());
                assertThat(port).as("port of %s", server).isBetween(1, 65535);
            }
        }
        kafka.getProducer().forEach((k, v) -> assertThat(v).as("producer %s", k).isNotNull());
        assertThat(config.getSpool().getMaxBytes()).isGreaterThanOrEqualTo(64 * 1024);
        if (config.getSelfMetrics().getListen() != null) {
            assertThat(config.getSelfMetrics().getListen().getPort()).isBetween(0, 65535);
        }
        CollectorConfig.Sources sources = config.getSources();
        CollectorConfig.NvidiaSmi smi = sources.getNvidiaSmi();
        assertThat(smi.getCommand()).isNotEmpty().allSatisfy(a -> assertThat(a).isNotNull());
        assertThat(smi.getCommand().get(0)).isNotBlank();
        assertThat(smi.getLoopInterval()).isPositive();
        assertThat(smi.getXmlInterval()).isGreaterThanOrEqualTo(Duration.ZERO);
        assertThat(smi.getMaxRestartBackoff()).isPositive();
        assertThat(sources.getHostMetrics().getProcRoot()).isNotNull();
        assertThat(sources.getHostMetrics().getSysRoot()).isNotNull();
        for (CollectorConfig.PrometheusScrape scrape : sources.getPrometheus()) {
            assertThat(scrape.getName()).isNotBlank();
            assertThat(scrape.getUrl().getScheme()).isIn("http", "https");
            assertThat(scrape.getUrl().getHost()).as("host of %s", scrape.getUrl()).isNotBlank();
            assertThat(scrape.getTimeout()).isPositive();
            assertThat(scrape.getMaxBodyBytes()).isNotNegative();
            scrape.getLabels().forEach((k, v) -> assertThat(v).as("label %s", k).isNotNull());
            for (CollectorConfig.MetricRule rule : scrape.getMetrics()) {
                assertThat(rule.getMatch()).isNotBlank();
                assertThat(rule.getName()).isNotBlank();
                assertThat(rule.getUnit()).isNotNull();
                assertThat(Double.isFinite(rule.getScale()) && rule.getScale() != 0).isTrue();
                assertThat(rule.getKind()).isIn(null, "gauge", "counter");
                rule.getAttributes().forEach((k, v) -> assertThat(v).as("attribute %s", k).isNotNull());
            }
        }
        CollectorConfig.SimulatedFleet fleet = sources.getSimulatedFleet();
        assertThat(fleet.getNodes()).isBetween(0, 99);
        assertThat(fleet.getGpusPerNode()).isBetween(1, 16);
        assertThat(fleet.getWorkloads()).isNotEmpty().allSatisfy(w -> assertThat(w).isIn("training", "inference", "idle"));
        assertThat(fleet.getMigNodes()).allSatisfy(n -> assertThat(n).isNotNull());
        for (CollectorConfig.ScheduledFault fault : fleet.getFaults()) {
            assertThat(fault.getType()).isNotBlank();
            assertThat(fault.getNode()).isNotBlank();
            assertThat(fault.getAfter()).isGreaterThanOrEqualTo(Duration.ZERO);
            assertThat(fault.getDuration()).isPositive();
        }
        CollectorConfig.OtlpReceiverConfig otlp = config.getReceivers().getOtlp();
        assertThat(otlp.getHost()).isNotBlank();
        assertThat(otlp.getHttpPort()).isBetween(-1, 65535);
        assertThat(otlp.getGrpcPort()).isBetween(-1, 65535);
        assertThat(otlp.getMaxRequestBytes()).isNotNegative();
        assertThat(otlp.getMaxDecompressedBytes()).isBetween(0L, (long) Integer.MAX_VALUE);
        // durations downstream code turns into nanoseconds
        for (Duration d : List.of(config.getInterval(), kafka.getDeliveryTimeout(), smi.getLoopInterval(), smi.getXmlInterval(),
                smi.getMaxRestartBackoff())) {
            d.toNanos();
        }
    }

    @Provide
    Arbitrary<byte[]> inputs() {
        return Mutations.inputs(CONFIGS, TOKENS, YamlBombs.all());
    }

    @AfterContainer
    static void removeFile() throws IOException {
        Files.deleteIfExists(FILE);
    }

    private static void write(byte[] input) {
        try {
            Files.write(FILE, input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempFile() {
        try {
            Path file = Files.createTempFile("collector-config-fuzz", ".yaml");
            file.toFile().deleteOnExit(); // also when a failing run skips @AfterContainer
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
