package dev.fathom.collectors.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.collectors.host.DiskMetricsSource;
import dev.fathom.collectors.host.DiskStats;
import dev.fathom.collectors.host.DiskStatsParser;
import dev.fathom.collectors.host.ParseResult;
import dev.fathom.local.fuzz.FuzzRun;
import dev.fathom.local.fuzz.Mutations;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
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
 * /proc/diskstats, mutated from the real capture (and its hand-broken variant) and generated. The
 * parser never throws: a bad line is one warning naming the file and line, and every good line of
 * the same file is kept. The collector built on it never reports a negative or non-finite value.
 */
class DiskStatsFuzzTest {

    static final List<byte[]> FILES = new ArrayList<>();
    static final String GOOD = " 254       0 vda 44632 8120 2790042 35485 23327 9251 2303672 10377 0 19096 46936 8229 60 271272 850 4076 223";

    private static Path procRoot;
    private static SdkMeterProvider provider;
    private static InMemoryMetricReader reader;

    static {
        FILES.addAll(Fixtures.under("proc", "diskstats"));
        FILES.addAll(Fixtures.under("proc-malformed", "diskstats"));
    }

    @BeforeContainer
    static void start() {
        procRoot = ProcFuzz.tempDirectory("fuzz-proc");
        reader = InMemoryMetricReader.create();
        provider = SdkMeterProvider.builder().registerMetricReader(reader).build();
        new DiskMetricsSource(procRoot).register(provider.get("fuzz"));
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
        ParseResult<DiskStats> result = FuzzRun.parse(input, () -> DiskStatsParser.parse(input, "fuzz"), null).value();
        ProcFuzz.assertWarnings(result.warnings());
        assertThat(result.rows()).allSatisfy(disk -> assertThat(disk.device()).isNotBlank().hasSizeLessThanOrEqualTo(64)
                .doesNotContainPattern("[\\s\\p{Cntrl}]"));
        assertThat(result.rows().size() + result.warnings().size()).isLessThanOrEqualTo(ProcFuzz.lines(input).size());
    }

    /** A known good line planted among garbage is read exactly; the garbage reads as it did without it. */
    @Property
    void aGoodLineAmongGarbageIsKept(@ForAll("inputs") byte[] garbage, @ForAll("planted") DiskStats planted,
            @ForAll("fractions") double where) {
        List<String> lines = ProcFuzz.lines(garbage);
        byte[] without = ProcFuzz.join(lines);
        int at = Math.min(lines.size(), (int) (where * (lines.size() + 1)));
        // Field order: reads merged sectors ms | writes merged sectors ms | in-flight io-ms weighted-ms | discards and flushes.
        lines.add(at, "   8       0 " + planted.device() + " " + ProcFuzz.u(planted.readsCompleted()) + " " + ProcFuzz.u(planted.readsMerged()) + " "
                + ProcFuzz.u(planted.sectorsRead()) + " " + ProcFuzz.u(planted.readTimeMillis()) + " " + ProcFuzz.u(planted.writesCompleted()) + " "
                + ProcFuzz.u(planted.writesMerged()) + " " + ProcFuzz.u(planted.sectorsWritten()) + " " + ProcFuzz.u(planted.writeTimeMillis()) + " "
                + ProcFuzz.u(planted.inFlight()) + " " + ProcFuzz.u(planted.ioTimeMillis()) + " 7 0 0 0 0 0 0");
        byte[] with = ProcFuzz.join(lines);
        ParseResult<DiskStats> before = DiskStatsParser.parse(without, "fuzz");
        ParseResult<DiskStats> after = FuzzRun.parse(with, () -> DiskStatsParser.parse(with, "fuzz"), null).value();
        assertThat(after.rows()).contains(planted);
        List<DiskStats> others = new ArrayList<>(after.rows());
        others.remove(planted);
        assertThat(others).containsExactlyElementsOf(before.rows());
        assertThat(after.warnings()).hasSameSizeAs(before.warnings())
                .noneSatisfy(w -> assertThat(w).startsWith("fuzz line " + (at + 1) + ":"));
    }

    /** Through the collector and the OpenTelemetry SDK: whatever the file holds, no negative or non-finite value. */
    @Property
    void theCollectorReportsNoNegativeValue(@ForAll("inputs") byte[] input) {
        ProcFuzz.write(procRoot.resolve("diskstats"), input);
        var metrics = FuzzRun.parse(input, () -> reader.collectAllMetrics(), null).value();
        ProcFuzz.assertNoNegativeOrNonFinite(metrics, input);
    }

    @Provide
    Arbitrary<byte[]> inputs() {
        List<String> tokens = new ArrayList<>(ProcFuzz.TOKENS);
        tokens.addAll(List.of("vda", "loop0", "nvme0n1p1", "dm-0", "\n 259       0 "));
        return Mutations.inputs(FILES, tokens, ProcFuzz.bombs(GOOD));
    }

    /** A line the kernel could write: a device name nothing else uses and counters over the whole unsigned range. */
    @Provide
    Arbitrary<DiskStats> planted() {
        return Combinators.combine(Arbitraries.integers().between(0, 999), Arbitraries.longs().list().ofSize(10))
                .as((n, c) -> new DiskStats("planted" + n, c.get(0), c.get(1), c.get(2), c.get(3), c.get(4), c.get(5),
                        c.get(6), c.get(7), c.get(8), c.get(9)))
                .withoutEdgeCases();
    }

    @Provide
    Arbitrary<Double> fractions() {
        return ProcFuzz.fractions();
    }
}
