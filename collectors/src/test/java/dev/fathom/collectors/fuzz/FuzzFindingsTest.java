package dev.fathom.collectors.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.fathom.collectors.gpu.nvidiasmi.NvidiaSmiXmlParser;
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
}
