package dev.fathom.collectors.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.collectors.ProcFixtures;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcNetDevParserTest {

    @Test
    void readsEveryInterfaceOfTheCapturedFile() throws IOException {
        ParseResult<NetDevStats> parsed = ProcNetDevParser.parse(ProcFixtures.procRoot().resolve("net/dev"));

        assertThat(parsed.warnings()).isEmpty();
        assertThat(parsed.rows()).extracting(NetDevStats::device).containsExactly("lo", "ifb0", "ifb1", "eth0");
        assertThat(parsed.rows().get(3)).isEqualTo(new NetDevStats("eth0", 224732864, 4966, 0, 0, 359091, 3212, 0, 0));
        assertThat(parsed.rows().get(0)).isEqualTo(new NetDevStats("lo", 165774, 1394, 0, 0, 165774, 1394, 0, 0));
    }

    @Test
    void skipsBrokenLinesWithAWarningNamingFileAndLine() throws IOException {
        Path file = ProcFixtures.malformedProcRoot().resolve("net/dev");

        ParseResult<NetDevStats> parsed = ProcNetDevParser.parse(file);

        assertThat(parsed.rows()).extracting(NetDevStats::device).containsExactly("lo", "eth0");
        assertThat(parsed.rows().get(1).receiveBytes()).isEqualTo(224732864);
        assertThat(parsed.warnings()).hasSize(3);
        assertThat(parsed.warnings().get(0)).startsWith(file + " line 4:").contains("this line is garbage");
        assertThat(parsed.warnings().get(1)).startsWith(file + " line 5:").contains("eth1");
        assertThat(parsed.warnings().get(2)).startsWith(file + " line 6:").contains("12x4");
    }

    @Test
    void countersBeyondSignedLongStillParse() {
        // The kernel's counters are unsigned 64-bit; a long-lived 100 Gb/s port can pass 2^63 bytes.
        String line = "  ib0: 18446744073709551615 1 0 0 0 0 0 0 2 1 0 0 0 0 0 0";

        ParseResult<NetDevStats> parsed = ProcNetDevParser.parse(java.util.List.of(line), "test");

        assertThat(parsed.rows()).singleElement().satisfies(nic -> assertThat(Long.toUnsignedString(nic.receiveBytes()))
                .isEqualTo("18446744073709551615"));
    }
}
