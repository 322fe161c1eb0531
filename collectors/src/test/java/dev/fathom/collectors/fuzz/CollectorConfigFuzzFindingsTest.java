package dev.fathom.collectors.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.fathom.collectors.config.CollectorConfig;
import dev.fathom.collectors.config.CollectorConfigLoader;
import dev.fathom.collectors.config.ConfigException;
import dev.fathom.local.fuzz.Mutations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What CollectorConfigFuzzTest found in the collector's config loader, kept as plain regression tests. */
class CollectorConfigFuzzFindingsTest {

    @TempDir
    Path dir;

    private String refusal(String yaml) {
        return refusal(Mutations.utf8(yaml));
    }

    private String refusal(byte[] bytes) {
        Path file = dir.resolve("c.yaml");
        try {
            Files.write(file, bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            try {
                CollectorConfigLoader.load(file);
            } catch (ConfigException e) {
                return e.getMessage().substring(file.toString().length());
            }
            throw new AssertionError("loaded");
        });
    }

    /** Was "cannot read: Input length = 1". */
    @Test
    void invalidUtf8IsRefusedWithItsLineAndColumn() {
        assertThat(refusal(new byte[] {'a', ':', ' ', '1', '\n', ' ', 'b', (byte) 0xc3, 0x28}))
                .isEqualTo(" line 2 column 3: not UTF-8 text (byte 0xC3)");
    }

    /** Was Jackson's text: the Java class name and the whole value (200,000 characters) in the message. */
    @Test
    void aDocumentThatIsOneValueSaysAMappingIsExpected() {
        assertThat(refusal("a".repeat(200_000))).isEqualTo(" line 1 column 1: expected keys and values (a mapping)");
        assertThat(refusal("interval: [1s]\n")).isEqualTo(" line 1 column 11: interval: expected a single value");
    }

    /** Was "while scanning a directive" followed by a raw carriage return; and SnakeYAML event class names. */
    @Test
    void yamlSyntaxErrorsAreOnePrintableLineWithoutJavaNames() {
        assertThat(refusal("%\r9")).startsWith(" line 1 column ").contains("while scanning a directive")
                .contains("\\u000d").doesNotContain("\r");
        assertThat(refusal("[]kafka:\n  x: 1\n")).startsWith(" line ").doesNotContain("org.yaml", "Event(");
    }

    /** SnakeYAML needed more than 10 s for a 5 MB quoted scalar. */
    @Test
    void aFileOverOneMebibyteIsRefusedBeforeParsing() {
        assertThat(refusal("host:\n  name: \"" + "x".repeat(5_000_000) + "\"\n"))
                .isEqualTo(": 5000017 bytes is too large for a config file (at most 1MiB)");
    }

    /** Was a NullPointerException out of the loader's own checks. */
    @Test
    void aKeyWithoutAValueIsRefusedNotANullThatCrashesLater() {
        assertThat(refusal("sources: ~\n")).isEqualTo(" line 1 column 10: sources: no value (leave the key out for its default)");
        assertThat(refusal("sources:\n  prometheus: [~]\n")).startsWith(" line 2 column ")
                .endsWith("sources.prometheus[0]: no value (leave the key out for its default)");
        assertThat(refusal("kafka:\n  producer:\n    acks:\n")).endsWith("kafka.producer.acks: no value (leave the key out for its default)");
    }

    /** Were ArithmeticException "long overflow" and NumberFormatException 'For input string'. */
    @Test
    void durationsAndSizesTooLargeSaySo() {
        assertThat(refusal("interval: 99999999999h\n")).isEqualTo(" line 1 column 11: interval: '99999999999h' is too long: at most 292 years");
        assertThat(refusal("spool:\n  max_bytes: 99999999999999999999\n"))
                .endsWith("spool.max_bytes: '99999999999999999999' is too large: at most 8EiB");
        assertThat(refusal("spool:\n  max_bytes: 99999999999999GiB\n")).endsWith("'99999999999999GiB' is too large: at most 8EiB");
        assertThat(refusal("interval: " + "1".repeat(100_000) + "x\n")).hasSizeLessThan(300).contains("...(100001 characters)");
    }

    /** Were accepted: a Kafka port over 65535, an http URL without a host, a fault without a type or starting in the past. */
    @Test
    void valuesTheCollectorCannotUseAreRefused() {
        assertThat(refusal("kafka:\n  bootstrap_servers: k:99999\n")).endsWith("'k:99999': port must be 1..65535");
        assertThat(refusal("sources:\n  prometheus:\n    - name: a\n      url: \"http:///metrics\"\n"))
                .endsWith("sources.prometheus[0].url: 'http:///metrics' has no host");
        assertThat(refusal("sources:\n  simulated_fleet:\n    nodes: 1\n    faults:\n      - node: sim-node-01\n"))
                .isEqualTo(": sources.simulated_fleet.faults[0]: type and node are required");
        assertThat(refusal("sources:\n  simulated_fleet:\n    nodes: 1\n    faults:\n      - {type: xid_storm, node: sim-node-01, after: -1s}\n"))
                .endsWith("after must not be negative, was '-1s'");
    }

    /** Loading resolved the host name (a DNS lookup per load, and a hang where DNS hangs); now done at start. */
    @Test
    void theSelfMetricsAddressIsNotLookedUpWhileLoading() throws Exception {
        CollectorConfig config = CollectorConfigLoader.parse("self_metrics:\n  listen: collector.invalid:9464\n", "c.yaml");
        assertThat(config.getSelfMetrics().getListen().isUnresolved()).isTrue();
        assertThat(config.getSelfMetrics().getListen().getHostString()).isEqualTo("collector.invalid");
        assertThat(config.getSelfMetrics().getListen().getPort()).isEqualTo(9464);
    }

    @Test
    void theShippedConfigsStillLoad() {
        for (byte[] config : CollectorConfigFuzzTest.CONFIGS) {
            Path file = dir.resolve("shipped.yaml");
            assertThat(assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                Files.write(file, config);
                return CollectorConfigLoader.load(file);
            })).satisfies(CollectorConfigFuzzTest::sane);
        }
    }
}
