package dev.fathom.collectors.fuzz;

import dev.fathom.local.fuzz.Mutations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.fathom.collectors.gpu.nvidiasmi.NvidiaSmiCsvParser;
import dev.fathom.collectors.gpu.nvidiasmi.NvidiaSmiXmlParser;
import dev.fathom.collectors.host.ParseResult;
import dev.fathom.collectors.reading.Reading;
import dev.fathom.collectors.prometheus.PrometheusTextParser;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The shrunk inputs the fuzz tests found, kept as plain regression tests. */
class FuzzFindingsTest {

    /** The number check backtracked quadratically on a long run of digits: 100,000 digits hung the scrape. */
    @Test
    void aLongNumberThatIsNotANumberIsRefusedAtOnce() {
        PrometheusTextParser.Result result = assertTimeoutPreemptively(Duration.ofSeconds(2),
                () -> PrometheusTextParser.parse("m 1" + "0".repeat(100_000) + "e\nok 1\n", "fuzz"));
        assertThat(result.errors()).singleElement().asString().startsWith("fuzz line 1: '1000").endsWith("' is not a number");
        assertThat(result.sampleCount()).isEqualTo(1);
    }

    /** DOM reads element text recursively: a value nested 50,000 deep overflowed the stack. */
    @Test
    void xmlNestedFarDeeperThanNvidiaSmiIsRefusedWithItsLine() {
        byte[] deep = Mutations.utf8("<nvidia_smi_log><gpu><uuid>" + "<a>".repeat(50_000) + "</a>".repeat(50_000)
                + "</uuid></gpu></nvidia_smi_log>");
        assertThatThrownBy(() -> NvidiaSmiXmlParser.parse(deep, "deep.xml"))
                .isInstanceOf(NvidiaSmiXmlParser.XmlFormatException.class)
                .hasMessageStartingWith("deep.xml line 1 column ");
    }

    /** A number that only overflows once turned into bytes became an infinite reading (found at 74,461 cases). */
    @Test
    void aMemorySizeTooLargeInBytesIsAWarningNotAnInfiniteReading() throws Exception {
        byte[] xml = Mutations.utf8("<nvidia_smi_log><gpu><fb_memory_usage><total>1.7976931348623157E308 MiB</total>"
                + "<used>100 MiB</used></fb_memory_usage></gpu></nvidia_smi_log>");
        ParseResult<Reading> fromXml = NvidiaSmiXmlParser.parse(xml, "big.xml");
        assertThat(fromXml.rows()).singleElement().satisfies(r -> assertThat(r.value()).isEqualTo(100 * 1024.0 * 1024.0));
        assertThat(fromXml.warnings()).containsExactly("big.xml gpu 0: <total>: '1.7976931348623157E308 MiB' is too large");

        ParseResult<Reading> fromCsv = NvidiaSmiCsvParser.parseDocument(
                "index, memory.total [MiB], memory.used [MiB]\n0, 1e308 MiB, 100 MiB\n", "big.csv");
        assertThat(fromCsv.rows()).singleElement().satisfies(r -> assertThat(r.value()).isEqualTo(100 * 1024.0 * 1024.0));
        assertThat(fromCsv.warnings()).containsExactly("big.csv line 2: field memory.total: '1e308 MiB' is too large");
    }
}
