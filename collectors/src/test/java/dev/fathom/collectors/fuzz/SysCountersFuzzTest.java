package dev.fathom.collectors.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.collectors.host.InfinibandSource;
import dev.fathom.collectors.host.SysNetworkSource;
import dev.fathom.collectors.reading.Reading;
import dev.fathom.collectors.reading.ReadingSource;
import dev.fathom.local.fuzz.FuzzRun;
import dev.fathom.local.fuzz.Mutations;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The one-value files of /sys: network interface statistics and link speed
 * ({@code class/net/<dev>/statistics/*}, {@code speed}) and InfiniBand port counters and rate
 * ({@code class/infiniband/<dev>/ports/<n>/counters/*}, {@code rate}). One file of a copy of the
 * fixture tree gets mutated or generated content; the source then reports that file's value when
 * it is an unsigned 64-bit integer (times the file's scale) and otherwise counts one parse error
 * and reports nothing for it, while every other file's reading stays exactly as it was. Nothing
 * reported is negative, NaN or infinite.
 */
class SysCountersFuzzTest {

    static final List<String> NET_FILES = List.of("class/net/eth0/statistics/rx_bytes", "class/net/eth0/statistics/tx_bytes",
            "class/net/eth0/statistics/rx_packets", "class/net/eth0/statistics/tx_errors", "class/net/eth0/statistics/rx_dropped");
    static final String NET_SPEED = "class/net/eth0/speed";
    static final List<String> IB_FILES = List.of("class/infiniband/mlx5_0/ports/1/counters/port_rcv_data",
            "class/infiniband/mlx5_0/ports/1/counters/port_xmit_data", "class/infiniband/mlx5_0/ports/1/counters/port_rcv_packets",
            "class/infiniband/mlx5_0/ports/1/counters/symbol_error");
    static final String IB_RATE = "class/infiniband/mlx5_0/ports/1/rate";

    private static Path sysRoot;
    private static SysNetworkSource net;
    private static InfinibandSource infiniband;
    /** Per file: the series its value goes to, and by how much it is multiplied. */
    private static final Map<String, Series> SERIES = new HashMap<>();
    private static final Map<String, byte[]> ORIGINAL = new HashMap<>();
    private static List<Reading> netBaseline;
    private static List<Reading> ibBaseline;
    private static long netBaselineErrors;
    private static long ibBaselineErrors;

    record Series(String key, double scale) {}

    @BeforeContainer
    static void start() throws Exception {
        sysRoot = ProcFuzz.tempDirectory("fuzz-sys");
        Path fixture = Path.of(SysCountersFuzzTest.class.getResource("/sys").toURI());
        try (Stream<Path> walk = Files.walk(fixture)) {
            for (Path from : walk.toList()) {
                Path to = sysRoot.resolve(fixture.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        }
        net = new SysNetworkSource(sysRoot);
        infiniband = new InfinibandSource(sysRoot);
        // Which series each file feeds: write a value nothing else has and see where it comes out.
        for (String file : NET_FILES) {
            SERIES.put(file, find(net, file, "7777777\n", 7_777_777));
        }
        SERIES.put(NET_SPEED, find(net, NET_SPEED, "4242\n", 4242));
        for (String file : IB_FILES) {
            SERIES.put(file, find(infiniband, file, "7777777\n", 7_777_777));
        }
        SERIES.put(IB_RATE, find(infiniband, IB_RATE, "123 Gb/sec (4X EDR)\n", 123));
        netBaseline = net.read();
        netBaselineErrors = errorsPerRead(net);
        ibBaseline = infiniband.read();
        ibBaselineErrors = errorsPerRead(infiniband);
    }

    @AfterContainer
    static void stop() {
        if (net != null) {
            net.close();
            infiniband.close();
        }
        ProcFuzz.deleteTree(sysRoot);
    }

    @Property
    void aNetworkCounterFileIsItsValueOrOneParseError(@ForAll("counterInputs") byte[] content, @ForAll("netFiles") String file) {
        check(net, netBaseline, netBaselineErrors, file, content);
    }

    @Property
    void anInfinibandCounterFileIsItsValueOrOneParseError(@ForAll("counterInputs") byte[] content, @ForAll("ibFiles") String file) {
        check(infiniband, ibBaseline, ibBaselineErrors, file, content);
    }

    private static void check(ReadingSource source, List<Reading> baseline, long baselineErrors, String file, byte[] content) {
        Series series = SERIES.get(file);
        long errorsBefore = source.parseErrors();
        List<Reading> readings;
        try {
            ProcFuzz.write(sysRoot.resolve(file), content);
            readings = FuzzRun.parse(content, source::read, null).value();
        } finally {
            ProcFuzz.write(sysRoot.resolve(file), ORIGINAL.get(file));
        }
        long errors = source.parseErrors() - errorsBefore;
        assertThat(readings).allSatisfy(r -> assertThat(r.value()).as("%s for %s", r, FuzzRun.show(content))
                .isFinite().isGreaterThanOrEqualTo(0));
        assertThat(others(readings, series)).as("the other files' readings").isEqualTo(others(baseline, series));
        List<Double> mine = readings.stream().filter(r -> key(r).equals(series.key())).map(Reading::value).toList();
        if (file.equals(IB_RATE)) {
            // "<number> Gb/sec ...": either a speed or one parse error.
            assertThat(errors).isEqualTo(baselineErrors + (mine.isEmpty() ? 1 : 0));
            return;
        }
        Double expected = file.equals(NET_SPEED) ? speed(content) : counter(content);
        if (expected == null) {
            assertThat(mine).as("no reading for %s", FuzzRun.show(content)).isEmpty();
            // The speed of a link that is down reads as an error or -1: a missing value, not a parse error.
            assertThat(errors).isEqualTo(baselineErrors + (file.equals(NET_SPEED) ? 0 : 1));
        } else {
            assertThat(mine).as("the reading of %s", FuzzRun.show(content)).containsExactly(expected * series.scale());
            assertThat(errors).isEqualTo(baselineErrors);
        }
    }

    /** What the kernel writes for a counter: ASCII digits (%llu) between white space, at most 2^64-1; else null. */
    static Double counter(byte[] content) {
        String digits = stripped(content);
        if (!digits.matches("[0-9]{1,20}")) {
            return null;
        }
        BigInteger value = new BigInteger(digits);
        return value.bitLength() > 64 ? null : value.doubleValue();
    }

    /** A link speed in Mbit/s: a signed integer; only a positive one is a speed. */
    static Double speed(byte[] content) {
        String text = stripped(content);
        if (!text.matches("-?[0-9]{1,20}")) {
            return null;
        }
        BigInteger value = new BigInteger(text);
        return value.abs().bitLength() > 64 || value.signum() <= 0 ? null : value.doubleValue();
    }

    /** The content with ASCII white space cut from both ends, as the kernel's own newline is. */
    private static String stripped(byte[] content) {
        int start = 0;
        int end = content.length;
        while (start < end && content[start] >= 0 && Character.isWhitespace(content[start])) {
            start++;
        }
        while (end > start && content[end - 1] >= 0 && Character.isWhitespace(content[end - 1])) {
            end--;
        }
        return new String(content, start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static List<String> others(List<Reading> readings, Series excluded) {
        return readings.stream().filter(r -> !key(r).equals(excluded.key())).map(r -> key(r) + "=" + r.value()).toList();
    }

    private static String key(Reading reading) {
        return reading.name() + reading.attributes();
    }

    private static Series find(ReadingSource source, String file, String sentinel, double raw) throws Exception {
        Path path = sysRoot.resolve(file);
        ORIGINAL.put(file, Files.readAllBytes(path));
        Files.writeString(path, sentinel);
        List<Reading> readings = source.read();
        Files.write(path, ORIGINAL.get(file));
        for (Reading reading : readings) {
            for (double scale : new double[] {1, 4, 1e6, 1e9}) {
                if (reading.value() == raw * scale) {
                    return new Series(key(reading), scale);
                }
            }
        }
        throw new IllegalStateException("no reading carries the value written to " + file + ": " + readings);
    }

    private static long errorsPerRead(ReadingSource source) throws Exception {
        long before = source.parseErrors();
        source.read();
        return source.parseErrors() - before;
    }

    @Provide
    Arbitrary<String> netFiles() {
        List<String> files = new ArrayList<>(NET_FILES);
        files.add(NET_SPEED);
        return Arbitraries.of(files);
    }

    @Provide
    Arbitrary<String> ibFiles() {
        List<String> files = new ArrayList<>(IB_FILES);
        files.add(IB_RATE);
        return Arbitraries.of(files);
    }

    @Provide
    Arbitrary<byte[]> counterInputs() {
        List<byte[]> seeds = new ArrayList<>();
        for (String suffix : List.of("bytes", "packets", "errors", "dropped", "speed", "rate", "data", "_error", "downed")) {
            seeds.addAll(Fixtures.under("sys/class", suffix));
        }
        List<String> tokens = new ArrayList<>(ProcFuzz.TOKENS);
        tokens.addAll(List.of(" Gb/sec", " (4X EDR)", "100", "2.5", ".", "1.2.3", "\n"));
        return Mutations.inputs(seeds, tokens, List.of(
                Mutations.utf8("1".repeat(100_000) + "\n"),
                Mutations.utf8("1".repeat(400) + " Gb/sec (4X EDR)\n"),
                Mutations.utf8("1.2.3 Gb/sec\n"),
                Mutations.utf8(". Gb/sec\n"),
                Mutations.utf8("-5\n"),
                Mutations.utf8("-0\n"),
                Mutations.utf8("18446744073709551615\n"),
                Mutations.utf8("18446744073709551616\n"),
                Mutations.utf8("99999999999999999999\n"),
                Mutations.utf8("NaN\n"),
                Mutations.utf8("12\u000034\n"),
                Mutations.utf8(" 42 \n".repeat(1))));
    }

}
