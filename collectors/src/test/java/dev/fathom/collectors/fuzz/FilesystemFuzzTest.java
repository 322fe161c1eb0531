package dev.fathom.collectors.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.collectors.host.FilesystemSource;
import dev.fathom.collectors.host.ParseResult;
import dev.fathom.collectors.reading.Reading;
import dev.fathom.local.fuzz.FuzzRun;
import dev.fathom.local.fuzz.Mutations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The file-system source's two inputs: /proc/self/mounts (mutated real lines, through its parser,
 * and in the short form through the source itself, which asks Java's FileStore about each mount
 * point and runs df) and the output of {@code df -P -i}. Nothing throws, a damaged line costs only
 * itself, and no size or inode count is negative.
 */
class FilesystemFuzzTest {

    static final List<byte[]> MOUNTS = List.of(Mutations.utf8("""
            sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
            proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0
            /dev/root / ext4 rw,relatime 0 0
            tmpfs /tmp tmpfs rw,nosuid,nodev 0 0
            /dev/nvme0n1p1 /mnt/with\\040space ext4 rw,relatime 0 0
            """));
    static final List<byte[]> DF = List.of(Mutations.utf8("""
            Filesystem      Inodes  IUsed   IFree IUse% Mounted on
            /dev/root      6553600 412345 6141255    7% /
            tmpfs          2048000     12 2047988    1% /tmp
            nfs:/export          -      -       -     - /mnt/nfs
            """));

    private static Path procRoot;
    private static FilesystemSource source;

    @BeforeContainer
    static void start() throws Exception {
        procRoot = ProcFuzz.tempDirectory("fuzz-fs");
        Files.createDirectories(procRoot.resolve("self"));
        source = new FilesystemSource(procRoot, Duration.ZERO, Clock.systemUTC());
    }

    @AfterContainer
    static void stop() {
        ProcFuzz.deleteTree(procRoot);
    }

    @Property
    void anyMountsFileIsReadLineByLine(@ForAll("mounts") byte[] input) {
        ParseResult<FilesystemSource.Mount> result = FuzzRun.parse(input, () -> FilesystemSource.parseMounts(input), null).value();
        assertThat(result.warnings()).allSatisfy(w -> assertThat(w).startsWith("mounts line ").hasSizeLessThan(1_000));
        assertThat(result.rows()).extracting(FilesystemSource.Mount::mountpoint).doesNotHaveDuplicates();
        assertThat(result.rows()).allSatisfy(m -> assertThat(m.type()).isNotIn("proc", "sysfs"));
        // A real line that survives the mutation unchanged is read.
        if (ProcFuzz.lines(input).contains("/dev/root / ext4 rw,relatime 0 0")) {
            assertThat(result.rows()).extracting(FilesystemSource.Mount::mountpoint).contains("/");
        }
    }

    /** Through the source (FileStore per mount, df per read): slow, so a tenth of the cases. */
    @Property(tries = 100)
    void anyMountsFileGivesSizesOfRealMountsOnly(@ForAll("mounts") byte[] input) throws Exception {
        Files.write(procRoot.resolve("self").resolve("mounts"), input);
        List<Reading> readings = FuzzRun.parse(input, source::read, null).value();
        assertThat(readings).allSatisfy(r -> assertThat(r.value()).as("%s", r).isFinite().isGreaterThanOrEqualTo(0));
    }

    @Property
    void anyDfOutputGivesWholeNonNegativeInodeCounts(@ForAll("df") byte[] input) {
        Map<String, long[]> inodes = FuzzRun.parse(input, () -> FilesystemSource.parseInodes(FuzzRun.text(input)), null).value();
        assertThat(inodes).allSatisfy((mount, counts) -> {
            assertThat(mount).isNotEmpty();
            assertThat(counts).hasSize(3);
            assertThat(java.util.Arrays.stream(counts).min().orElseThrow()).isNotNegative();
        });
        // The real lines that survive the mutation unchanged are still read.
        for (String line : FuzzRun.text(input).split("\n")) {
            if (line.equals("/dev/root      6553600 412345 6141255    7% /")) {
                // Read (a later line for the same mount point, as a mutation may add, wins).
                assertThat(inodes).containsKey("/");
            }
        }
    }

    @Provide
    Arbitrary<byte[]> mounts() {
        return Mutations.inputs(MOUNTS, ProcFuzz.TOKENS, ProcFuzz.bombs("/dev/root / ext4 rw 0 0"));
    }

    @Provide
    Arbitrary<byte[]> df() {
        return Mutations.inputs(DF, ProcFuzz.TOKENS, ProcFuzz.bombs("/dev/root 10 1 9 10% /"));
    }
}
