package dev.fathom.collectors.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.collectors.host.NfsClientSource;
import dev.fathom.collectors.host.NfsMountStatsParser;
import dev.fathom.collectors.host.NfsMountStatsParser.NfsMount;
import dev.fathom.collectors.host.NfsMountStatsParser.NfsOperation;
import dev.fathom.collectors.host.ParseResult;
import dev.fathom.collectors.reading.Reading;
import dev.fathom.local.fuzz.FuzzRun;
import dev.fathom.local.fuzz.Mutations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * /proc/self/mountstats, mutated from the test fixture and generated. The parser never throws: a
 * bad NFS line is one warning naming the file and line, and a good mount in the same file is kept
 * whole. The collector built on it never reports a negative or non-finite value.
 */
class NfsMountStatsFuzzTest {

    static final List<byte[]> FILES = Fixtures.under("nfs", "mountstats");
    static final String GOOD = "\t        READ: 655360 655360 0 91750400 687277342720 1966080 4587520 6881280 0";

    private static Path procRoot;
    private static NfsClientSource source;
    /** Moves a minute on at every read, so the source never skips a read for lack of NFS mounts. */
    private static final AtomicLong now = new AtomicLong();

    @BeforeContainer
    static void start() throws Exception {
        procRoot = ProcFuzz.tempDirectory("fuzz-proc");
        Files.createDirectories(procRoot.resolve("self"));
        source = new NfsClientSource(procRoot, new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(now.addAndGet(61_000));
            }
        });
    }

    @AfterContainer
    static void stop() {
        ProcFuzz.deleteTree(procRoot);
    }

    @Property
    void anyFileIsReadLineByLine(@ForAll("inputs") byte[] input) {
        ParseResult<NfsMount> result = FuzzRun.parse(input, () -> NfsMountStatsParser.parse(input, "fuzz"), null).value();
        ProcFuzz.assertWarnings(result.warnings());
        assertThat(result.rows()).allSatisfy(mount -> {
            assertThat(mount.fstype()).startsWith("nfs");
            assertThat(mount.operations().keySet()).allSatisfy(op -> assertThat(op).isNotBlank().doesNotContainPattern("\\s"));
        });
    }

    /** A known good mount planted among garbage is read exactly; the garbage reads as it did without it. */
    @Property
    void aGoodMountAmongGarbageIsKept(@ForAll("inputs") byte[] garbage, @ForAll("planted") NfsMount planted,
            @ForAll("fractions") double where) {
        List<String> lines = ProcFuzz.lines(garbage);
        byte[] without = ProcFuzz.join(lines);
        // A mount ends where the next 'device' line starts: plant it before one, or at the end.
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("device ")) {
                starts.add(i);
            }
        }
        starts.add(lines.size());
        int at = starts.get((int) (where * starts.size()));
        NfsOperation read = planted.operations().get("READ");
        lines.addAll(at, List.of(
                "device " + planted.device() + " mounted on /planted\\040mount with fstype " + planted.fstype() + " statvers=1.1",
                "\topts:\trw,vers=4.2",
                "\tbytes:\t" + ProcFuzz.u(planted.normalReadBytes()) + " " + ProcFuzz.u(planted.normalWriteBytes()) + " 0 0 "
                        + ProcFuzz.u(planted.serverReadBytes()) + " " + ProcFuzz.u(planted.serverWriteBytes()) + " 1 2",
                "\tper-op statistics",
                "\t        READ: " + ProcFuzz.u(read.operations()) + " " + ProcFuzz.u(read.transmissions()) + " " + ProcFuzz.u(read.timeouts()) + " "
                        + ProcFuzz.u(read.bytesSent()) + " " + ProcFuzz.u(read.bytesReceived()) + " " + ProcFuzz.u(read.queueMillis()) + " "
                        + ProcFuzz.u(read.rttMillis()) + " " + ProcFuzz.u(read.executeMillis()) + " 0"));
        byte[] with = ProcFuzz.join(lines);
        ParseResult<NfsMount> before = NfsMountStatsParser.parse(without, "fuzz");
        ParseResult<NfsMount> after = FuzzRun.parse(with, () -> NfsMountStatsParser.parse(with, "fuzz"), null).value();
        assertThat(after.rows()).contains(planted);
        List<NfsMount> others = new ArrayList<>(after.rows());
        others.remove(planted);
        assertThat(others).containsExactlyElementsOf(before.rows());
        assertThat(after.warnings()).hasSameSizeAs(before.warnings());
    }

    /** Through the collector: whatever the file holds, no negative or non-finite reading. */
    @Property
    void theCollectorReportsNoNegativeValue(@ForAll("inputs") byte[] input) throws Exception {
        ProcFuzz.write(procRoot.resolve("self").resolve("mountstats"), input);
        List<Reading> readings = FuzzRun.parse(input, source::read, null).value();
        assertThat(readings).allSatisfy(r -> assertThat(r.value()).as("%s for %s", r, FuzzRun.show(input))
                .isFinite().isGreaterThanOrEqualTo(0));
    }

    @Provide
    Arbitrary<byte[]> inputs() {
        List<String> tokens = new ArrayList<>(ProcFuzz.TOKENS);
        tokens.addAll(List.of("device ", " mounted on ", " with fstype ", "nfs", "nfs4", "statvers=1.1", "\\040", "\\134",
                "\tbytes:\t", "per-op statistics", "READ:", "WRITE:", "\n\t        GETATTR: ", "\ndevice x mounted on /y with fstype nfs\n"));
        return Mutations.inputs(FILES, tokens, ProcFuzz.bombs(GOOD));
    }

    /** A mount the kernel could write: counters over the whole unsigned range. */
    @Provide
    Arbitrary<NfsMount> planted() {
        return Combinators.combine(Arbitraries.of("nfs", "nfs4"), Arbitraries.longs().list().ofSize(12))
                .as((type, c) -> new NfsMount("planted:/export", "/planted mount", type, c.get(0), c.get(1), c.get(2), c.get(3),
                        Map.of("READ", new NfsOperation(c.get(4), c.get(5), c.get(6), c.get(7), c.get(8), c.get(9), c.get(10),
                                c.get(11)))))
                .withoutEdgeCases();
    }

    @Provide
    Arbitrary<Double> fractions() {
        return ProcFuzz.fractions();
    }
}
