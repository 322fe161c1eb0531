package dev.fathom.collectors.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.collectors.host.DiskMetricsSource;
import dev.fathom.collectors.host.DiskStats;
import dev.fathom.collectors.host.DiskStatsParser;
import dev.fathom.collectors.host.InfinibandSource;
import dev.fathom.collectors.host.NetDevStats;
import dev.fathom.collectors.host.NetworkMetricsSource;
import dev.fathom.collectors.host.NfsClientSource;
import dev.fathom.collectors.host.ParseResult;
import dev.fathom.collectors.host.ProcNetDevParser;
import dev.fathom.collectors.host.SysNetworkSource;
import dev.fathom.collectors.reading.Reading;
import dev.fathom.model.MetricNames;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The /proc and /sys inputs the host fuzz tests found, kept as plain regression tests. */
class HostFuzzFindingsTest {

    static final String HEADER = "Inter-|   Receive |  Transmit\n face |bytes packets|bytes packets\n";
    static final String ETH0 = "  eth0: 100 2 0 0 0 0 0 0 300 4 0 0 0 0 0 0\n";

    @TempDir
    Path root;

    /** Files.readAllLines refused the whole file for one byte that is not UTF-8: every interface was lost. */
    @Test
    void aByteThatIsNotUtf8CostsItsLineNotTheFile() throws Exception {
        Path file = root.resolve("dev");
        byte[] bad = "  et\u00e9: 1 1 0 0 0 0 0 0 1 1 0 0 0 0 0 0\n".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(file, Fuzzy.concat(HEADER.getBytes(StandardCharsets.UTF_8), bad, ETH0.getBytes(StandardCharsets.UTF_8)));

        ParseResult<NetDevStats> parsed = ProcNetDevParser.parse(file);

        assertThat(parsed.rows()).extracting(NetDevStats::device).containsExactly("et\ufffd", "eth0");
    }

    /** Long.parseUnsignedLong took '+5' and Arabic-Indic digits; the kernel prints ASCII digits only. */
    @Test
    void aCounterWithASignOrNonAsciiDigitsIsABadLine() {
        ParseResult<NetDevStats> parsed = ProcNetDevParser.parse(List.of(
                "  eth1: +5 1 0 0 0 0 0 0 1 1 0 0 0 0 0 0",
                "  eth2: \u0661\u0662 1 0 0 0 0 0 0 1 1 0 0 0 0 0 0",
                ETH0.stripTrailing()), "dev");

        assertThat(parsed.rows()).extracting(NetDevStats::device).containsExactly("eth0");
        assertThat(parsed.warnings()).hasSize(2);
        assertThat(parsed.warnings().get(0)).startsWith("dev line 1: '+5' is not an unsigned 64-bit counter");
        assertThat(parsed.warnings().get(1)).startsWith("dev line 2: '\u0661\u0662' is not an unsigned 64-bit counter");
    }

    /** A '|' made any line a header, skipped without a word; below the two header lines it is a bad line. */
    @Test
    void aLineWithABarBelowTheHeaderIsAWarning() {
        ParseResult<NetDevStats> parsed = ProcNetDevParser.parse(List.of(HEADER.split("\n")[0], HEADER.split("\n")[1],
                "  eth1: 1|2 0 0 0 0 0 0 1 1 0 0 0 0 0 0 0", ETH0.stripTrailing()), "dev");

        assertThat(parsed.rows()).extracting(NetDevStats::device).containsExactly("eth0");
        assertThat(parsed.warnings()).singleElement().asString().startsWith("dev line 3: ");
    }

    /**
     * The same interface (or disk) twice in one file was recorded twice into the same series, which
     * the SDK sums: 4 copies of a counter near 2^63 became -4 (found at 100,000 cases).
     */
    @Test
    void aSecondLineForTheSameDeviceIsSkippedWithAWarning() throws Exception {
        ParseResult<NetDevStats> net = ProcNetDevParser.parse(List.of(ETH0.stripTrailing(), ETH0.stripTrailing()), "dev");
        ParseResult<DiskStats> disks = DiskStatsParser.parse(List.of("8 0 sda 1 0 2 1 2 0 16 1 0 1 1",
                "8 0 sda 9 0 9 9 9 0 99 9 0 9 9"), "diskstats");

        assertThat(net.rows()).singleElement().satisfies(nic -> assertThat(nic.receiveBytes()).isEqualTo(100));
        assertThat(net.warnings()).containsExactly("dev line 2: interface eth0 again (first on line 1), skipped: " + ETH0.strip());
        assertThat(disks.rows()).singleElement().satisfies(disk -> assertThat(disk.readsCompleted()).isEqualTo(1));
        assertThat(disks.warnings()).singleElement().asString().startsWith("diskstats line 2: device sda again (first on line 1)");

        Files.createDirectories(root.resolve("net"));
        Files.writeString(root.resolve("net").resolve("dev"), HEADER
                + ("    lo: 9223372036854775807 1 0 0 0 0 0 0 2 1 0 0 0 0 0 0\n").repeat(4));
        ProcFuzz.assertNoNegativeOrNonFinite(collect(meter -> {
            new NetworkMetricsSource(root).register(meter);
            return null;
        }), new byte[0]);
    }

    /** A 300,000-character line became a 300,000-character warning (and log line). */
    @Test
    void aWarningQuotesALongLineShortened() {
        ParseResult<DiskStats> parsed = DiskStatsParser.parse(List.of("8 0 sda x " + "1 ".repeat(150_000)), "diskstats");

        assertThat(parsed.warnings()).singleElement().asString().startsWith("diskstats line 1: ").hasSizeLessThan(400)
                .endsWith("... (300009 characters)");
    }

    /** A counter past 2^63-1 (or sectors past 2^63-1 bytes) became a negative OTLP int counter. */
    @Test
    void countersPastWhatALongCarriesAreLeftOutNotNegative() throws Exception {
        Files.createDirectories(root.resolve("net"));
        Files.writeString(root.resolve("net").resolve("dev"), HEADER
                + "  ib0: 18446744073709551615 1 0 0 0 0 0 0 2 1 0 0 0 0 0 0\n" + ETH0);
        Files.writeString(root.resolve("diskstats"), "8 0 sda 1 0 36028797018963968 1 2 0 16 1 0 1 1\n");

        Collection<MetricData> metrics = collect(meter -> {
            new NetworkMetricsSource(root).register(meter);
            new DiskMetricsSource(root).register(meter);
            return null;
        });

        ProcFuzz.assertNoNegativeOrNonFinite(metrics, new byte[0]);
        MetricData networkIo = metrics.stream().filter(m -> m.getName().equals(MetricNames.NETWORK_IO)).findFirst().orElseThrow();
        // ib0's receive bytes are left out; its transmit bytes and eth0's are there.
        assertThat(networkIo.getLongSumData().getPoints()).hasSize(3);
        MetricData diskIo = metrics.stream().filter(m -> m.getName().equals(MetricNames.DISK_IO)).findFirst().orElseThrow();
        assertThat(diskIo.getLongSumData().getPoints()).singleElement().satisfies(p -> assertThat(p.getValue()).isEqualTo(16 * 512));
    }

    /** A byte that is not UTF-8 in any mount line lost every NFS mount; a counter past 2^63-1 became negative. */
    @Test
    void nfsMountsSurviveAStrayByteAndHugeCounters() throws Exception {
        Files.createDirectories(root.resolve("self"));
        byte[] text = ("device /dev/vda mounted on /caf\u00e9 with fstype ext4\n"
                + "device srv:/export mounted on /mnt/data with fstype nfs4 statvers=1.1\n"
                + "\tbytes:\t1 2 0 0 18446744073709551615 4 0 0\n").getBytes(StandardCharsets.ISO_8859_1);
        Files.write(root.resolve("self").resolve("mountstats"), text);

        List<Reading> readings = new NfsClientSource(root).read();

        assertThat(readings).extracting(Reading::value).containsExactly(1.8446744073709552E19, 4.0);
    }

    /** strictNumber took "-5" as a counter, and a 100,000-digit counter as Infinity. */
    @Test
    void aNegativeOrEndlessCounterFileIsAParseError() throws Exception {
        Path statistics = root.resolve("class/net/eth0/statistics");
        Files.createDirectories(statistics);
        Files.writeString(statistics.resolve("rx_bytes"), "-5\n");
        Files.writeString(statistics.resolve("tx_bytes"), "1".repeat(100_000) + "\n");
        Files.writeString(statistics.resolve("rx_packets"), "7\n");
        Files.writeString(root.resolve("class/net/eth0/speed"), "9".repeat(400) + "\n");

        try (SysNetworkSource source = new SysNetworkSource(root)) {
            List<Reading> readings = source.read();

            assertThat(readings).singleElement().satisfies(r -> assertThat(r.value()).isEqualTo(7.0));
            assertThat(source.parseErrors()).isEqualTo(2);
        }
    }

    /** "1.2.3 Gb/sec" matched the rate pattern and threw NumberFormatException out of read(); 400 digits made an infinite speed. */
    @Test
    void aRateThatIsNotANumberIsAParseError() throws Exception {
        Path port = root.resolve("class/infiniband/mlx5_0/ports/1");
        Files.createDirectories(port.resolve("counters"));
        Files.writeString(port.resolve("counters/port_rcv_data"), "10\n");
        Files.writeString(port.resolve("rate"), "1.2.3 Gb/sec (4X EDR)\n");
        Path other = root.resolve("class/infiniband/mlx5_1/ports/1");
        Files.createDirectories(other.resolve("counters"));
        Files.writeString(other.resolve("rate"), "9".repeat(400) + " Gb/sec (4X EDR)\n");

        try (InfinibandSource source = new InfinibandSource(root)) {
            List<Reading> readings = source.read();

            assertThat(readings).singleElement().satisfies(r -> assertThat(r.value()).isEqualTo(40.0));
            assertThat(source.parseErrors()).isEqualTo(2);
        }
    }

    private static Collection<MetricData> collect(Function<io.opentelemetry.api.metrics.Meter, Void> register) {
        InMemoryMetricReader reader = InMemoryMetricReader.create();
        try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build()) {
            register.apply(provider.get("test"));
            return reader.collectAllMetrics();
        }
    }

    /** Byte helpers. */
    static final class Fuzzy {
        private Fuzzy() {}

        static byte[] concat(byte[]... parts) {
            byte[] out = new byte[0];
            for (byte[] part : parts) {
                out = dev.fathom.local.fuzz.Mutations.concat(out, part);
            }
            return out;
        }
    }
}
