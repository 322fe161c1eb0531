package dev.fathom.collectors.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.collectors.host.FilesystemSource;
import dev.fathom.collectors.reading.Reading;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What fuzzing the file-system source found, kept as plain regression tests. */
class FilesystemFuzzFindingsTest {

    @TempDir
    Path procRoot;

    private List<Reading> read(byte[] mounts) throws Exception {
        Files.createDirectories(procRoot.resolve("self"));
        Files.write(procRoot.resolve("self").resolve("mounts"), mounts);
        return new FilesystemSource(procRoot, Duration.ZERO, Clock.systemUTC()).read();
    }

    @Test
    void aByteThatIsNotUtf8CostsItsLineNotTheWholeFile() throws Exception {
        // Was: MalformedInputException out of read(), so no file system was reported at all.
        byte[] mounts = "bad\u00ff /mnt/x ext4 rw 0 0\n/dev/root / ext4 rw 0 0\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(read(mounts)).anySatisfy(r -> assertThat(r.attributes().asMap().values()).contains("/"));
    }

    @Test
    void aMountPointThatIsNotAPathIsAParseError() throws Exception {
        // Was: InvalidPathException (a NUL byte) out of read().
        FilesystemSource source = new FilesystemSource(procRoot, Duration.ZERO, Clock.systemUTC());
        Files.createDirectories(procRoot.resolve("self"));
        Files.writeString(procRoot.resolve("self").resolve("mounts"), "/dev/x /mnt/\u0000 ext4 rw 0 0\n/dev/root / ext4 rw 0 0\n");
        assertThat(source.read()).isNotEmpty();
        assertThat(source.parseErrors()).isEqualTo(1);
    }

    @Test
    void negativeOrHugeInodeCountsAreNotRead() {
        // Was: Long.parseLong took "-5" and "+1": a negative or signed inode reading.
        assertThat(FilesystemSource.parseInodes("""
                Filesystem Inodes IUsed IFree IUse% Mounted on
                /dev/a -5 1 2 1% /a
                /dev/b 99999999999999999999 1 2 1% /b
                /dev/c 10 +1 9 10% /c
                /dev/root 10 1 9 10% /
                """)).containsOnlyKeys("/");
    }
}
