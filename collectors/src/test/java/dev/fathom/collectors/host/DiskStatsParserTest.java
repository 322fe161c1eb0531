package dev.fathom.collectors.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.collectors.ProcFixtures;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DiskStatsParserTest {

    @Test
    void readsEveryDeviceOfTheCapturedFile() throws IOException {
        ParseResult<DiskStats> parsed = DiskStatsParser.parse(ProcFixtures.procRoot().resolve("diskstats"));

        assertThat(parsed.warnings()).isEmpty();
        assertThat(parsed.rows()).hasSize(10);
        assertThat(parsed.rows()).extracting(DiskStats::device).contains("loop0", "loop7", "vda", "zram0");
        DiskStats vda = parsed.rows().stream().filter(d -> d.device().equals("vda")).findFirst().orElseThrow();
        assertThat(vda).isEqualTo(new DiskStats("vda", 44632, 2790042, 23327, 2303672, 19096, 8120, 9251, 35485, 10377, 0));
        assertThat(vda.readBytes()).isEqualTo(2790042L * 512).isEqualTo(1_428_501_504L);
        assertThat(vda.writtenBytes()).isEqualTo(1_179_480_064L);
        assertThat(vda.ioTimeSeconds()).isEqualTo(19.096);
    }

    @Test
    void skipsBrokenLinesWithAWarningAndReadsOldKernelLines() throws IOException {
        Path file = ProcFixtures.malformedProcRoot().resolve("diskstats");

        ParseResult<DiskStats> parsed = DiskStatsParser.parse(file);

        // nvme0n1 has only the 11 counters of kernels before 4.18: still valid.
        assertThat(parsed.rows()).extracting(DiskStats::device).containsExactly("vda", "nvme0n1");
        assertThat(parsed.rows().get(1)).isEqualTo(new DiskStats("nvme0n1", 120, 960, 30, 480, 55, 0, 0, 40, 12, 0));
        assertThat(parsed.warnings()).hasSize(2);
        assertThat(parsed.warnings().get(0)).startsWith(file + " line 2:").contains("found 6");
        assertThat(parsed.warnings().get(1)).startsWith(file + " line 4:").contains("eighty");
    }
}
