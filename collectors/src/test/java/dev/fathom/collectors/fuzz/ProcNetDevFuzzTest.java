package dev.fathom.collectors.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.collectors.host.NetDevStats;
import dev.fathom.collectors.host.NetworkMetricsSource;
import dev.fathom.collectors.host.ParseResult;
import dev.fathom.collectors.host.ProcNetDevParser;
import dev.fathom.local.fuzz.FuzzRun;
import dev.fathom.local.fuzz.Mutations;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * /proc/net/dev, mutated from the real capture (and its hand-broken variant) and generated. The
 * parser never throws: a bad line is one warning naming the file and line, and every good line of
 * the same file is kept. The collector built on it never reports a negative or non-finite counter.
 */
class ProcNetDevFuzzTest {

    static final List<byte[]> FILES = new ArrayList<>();
    static final String GOOD = "  eth0: 224732864    4966    0    0    0     0          0         0   359091    3212    0    0    0     0       0          0";

    private static Path procRoot;
    private static SdkMeterProvider provider;
    private static InMemoryMetricReader reader;

    static {
        FILES.addAll(Fixtures.under("proc/net", "dev"));
        FILES.addAll(Fixtures.under("proc-malformed/net", "dev"));
    }

    @BeforeContainer
    static void start() throws Exception {
        procRoot = ProcFuzz.tempDirectory("fuzz-proc");
        Files.createDirectories(procRoot.resolve("net"));
        reader = InMemoryMetricReader.create();
        provider = SdkMeterProvider.builder().registerMetricReader(reader).build();
        new NetworkMetricsSource(procRoot).register(provider.get("fuzz"));
    }

    @AfterContainer
    static void stop() {
        if (provider != null) {
            provider.close();
        }
        ProcFuzz.deleteTree(procRoot);
    }

    @Property
    void anyFileIsReadLineByLine(@ForAll("inputs") byte[] input) {
        ParseResult<NetDevStats> result = FuzzRun.parse(input, () -> ProcNetDevParser.parse(input, "fuzz"), null).value();
        ProcFuzz.assertWarnings(result.warnings());
        assertThat(result.rows()).allSatisfy(nic -> assertThat(nic.device()).isNotBlank().hasSizeLessThanOrEqualTo(15)
                .doesNotContainPattern("[\\s\\p{Cntrl}]"));
        assertThat(result.rows().size() + result.warnings().size()).isLessThanOrEqualTo(ProcFuzz.lines(input).size());
    }

    /** A known good line planted among garbage is read exactly; the garbage reads as it did without it. */
    @Property
    void aGoodLineAmongGarbageIsKept(@ForAll("inputs") byte[] garbage, @ForAll("planted") NetDevStats planted,
            @ForAll("fractions") double where) {
        List<String> lines = ProcFuzz.lines(garbage);
        byte[] without = ProcFuzz.join(lines);
        // After the two header lines: a header line moved below them would be a bad line.
        int at = Math.min(lines.size(), 2 + (int) (where * lines.size()));
        lines.add(at, "  " + planted.device() + ": " + ProcFuzz.u(planted.receiveBytes()) + " " + ProcFuzz.u(planted.receivePackets()) + " "
                + ProcFuzz.u(planted.receiveErrors()) + " " + ProcFuzz.u(planted.receiveDropped()) + " 0 0 0 0 " + ProcFuzz.u(planted.transmitBytes()) + " "
                + ProcFuzz.u(planted.transmitPackets()) + " " + ProcFuzz.u(planted.transmitErrors()) + " " + ProcFuzz.u(planted.transmitDropped()) + " 0 0 0 0");
        byte[] with = ProcFuzz.join(lines);
        ParseResult<NetDevStats> before = ProcNetDevParser.parse(without, "fuzz");
        ParseResult<NetDevStats> after = FuzzRun.parse(with, () -> ProcNetDevParser.parse(with, "fuzz"), null).value();
        assertThat(after.rows()).contains(planted);
        List<NetDevStats> others = new ArrayList<>(after.rows());
        others.remove(planted);
        assertThat(others).containsExactlyElementsOf(before.rows());
        assertThat(after.warnings()).hasSameSizeAs(before.warnings())
                .noneSatisfy(w -> assertThat(w).startsWith("fuzz line " + (at + 1) + ":"));
    }

    /** The kernel prints counters unsigned (%llu). */

    /** Through the collector and the OpenTelemetry SDK: whatever the file holds, no negative or non-finite counter. */
    @Property
    void theCollectorReportsNoNegativeCounter(@ForAll("inputs") byte[] input) {
        ProcFuzz.write(procRoot.resolve("net").resolve("dev"), input);
        var metrics = FuzzRun.parse(input, () -> reader.collectAllMetrics(), null).value();
        ProcFuzz.assertNoNegativeOrNonFinite(metrics, input);
    }

    @Provide
    Arbitrary<byte[]> inputs() {
        return Mutations.inputs(FILES, tokens(), ProcFuzz.bombs(GOOD));
    }

    static List<String> tokens() {
        List<String> tokens = new ArrayList<>(ProcFuzz.TOKENS);
        tokens.addAll(List.of("lo:", "eth0:", "Inter-|", " face |", "bytes    packets", "\n  ib0: "));
        return tokens;
    }

    /** A line the kernel could write: an interface name nothing else uses and counters over the whole unsigned range. */
    @Provide
    Arbitrary<NetDevStats> planted() {
        Arbitrary<Long> counter = Arbitraries.longs();
        return Combinators.combine(Arbitraries.integers().between(0, 999), counter.list().ofSize(8))
                .as((n, c) -> new NetDevStats("planted" + n, c.get(0), c.get(1), c.get(2), c.get(3), c.get(4), c.get(5),
                        c.get(6), c.get(7)))
                .withoutEdgeCases();
    }

    @Provide
    Arbitrary<Double> fractions() {
        return ProcFuzz.fractions();
    }
}
