package dev.fathom.collectors.gpu.nvidiasmi;

import static dev.fathom.collectors.gpu.nvidiasmi.Fixtures.find;
import static dev.fathom.collectors.gpu.nvidiasmi.Fixtures.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fathom.collectors.host.ParseResult;
import dev.fathom.collectors.reading.Reading;
import dev.fathom.model.MetricNames;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NvidiaSmiXmlParserTest {

    private static final double MIB = 1024.0 * 1024.0;

    static ParseResult<Reading> parse(String file) throws Exception {
        return NvidiaSmiXmlParser.parse(Files.readAllBytes(Fixtures.resource("nvidia-smi-xml/" + file)), file);
    }

    @Test
    void everyCapturedDocumentParsesWithoutWarnings() throws Exception {
        List<Path> files = Fixtures.files("nvidia-smi-xml", ".xml");
        assertThat(files).hasSize(16);
        for (Path file : files) {
            ParseResult<Reading> result = NvidiaSmiXmlParser.parse(Files.readAllBytes(file), file.getFileName().toString());
            assertThat(result.warnings()).as(file.toString()).isEmpty();
            assertThat(find(result.rows(), MetricNames.GPU_MEMORY_USED)).as(file.toString()).isNotEmpty();
        }
    }

    /** Values as the files show them: first GPU's model, GPU count, memory used/total (MiB), temperature, processes. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            3090-v13.xml             | NVIDIA GeForce RTX 3090            | 1 | 7    | 24576 | 32 | 0
            a100-sxm4-v12.xml        | NVIDIA A100-SXM4-80GB              | 1 | 50   | 81920 | 27 | 0
            a10g.xml                 | NVIDIA A10G                        | 1 | 22   | 23028 | 17 | 1
            dual_2070-v13.xml        | NVIDIA GeForce RTX 2070            | 2 | 1    | 8192  | 14 | 0
            dual_2080-v13.xml        | NVIDIA GeForce RTX 2080            | 2 | 1    | 8192  | 15 | 0
            gt-1030.xml              | NVIDIA GeForce GT 1030             | 1 | 875  | 1998  | 36 | 10
            gtx-1070-ti.xml          | GeForce GTX 1070 Ti                | 1 | 42   | 4096  | 39 | 0
            gtx-1660-ti.xml          | Graphics Device                    | 1 | 0    | 5912  | 40 | 0
            quadro-p2000-v12.xml     | Quadro P2000                       | 1 | 1    | 5120  | 34 | 0
            quadro-p400.xml          | Quadro P400                        | 1 | 0    | 1998  | 33 | 0
            rtx-3060-v12.xml         | NVIDIA GeForce RTX 3060            | 1 | 116  | 12288 | 42 | 0
            rtx-3080-v12.xml         | NVIDIA GeForce RTX 3080            | 1 | 1128 | 10240 | 31 | 5
            rtx-3080-v13.xml         | NVIDIA GeForce RTX 3080            | 1 | 9184 | 10240 | 27 | 0
            rtx-3090-v12.xml         | NVIDIA GeForce RTX 3090            | 1 | 1    | 24576 | 37 | 0
            rtx-4000-sff-ada-v13.xml | NVIDIA RTX 4000 SFF Ada Generation | 1 | 3534 | 20475 | 38 | 4
            tesla-t4.xml             | Tesla T4                           | 1 | 1032 | 15360 | 40 | 2
            """)
    void valuesEqualWhatTheFileShows(String file, String model, int gpus, long usedMib, long totalMib,
            double celsius, int processes) throws Exception {
        List<Reading> all = parse(file).rows();
        List<Reading> readings = Fixtures.wholeGpus(all);
        assertThat(find(readings, MetricNames.GPU_MEMORY_TOTAL)).hasSize(gpus);
        assertThat(value(readings, MetricNames.GPU_MEMORY_USED, "gpu.index", "0", "gpu.model", model)).isEqualTo(usedMib * MIB);
        assertThat(value(readings, MetricNames.GPU_MEMORY_TOTAL, "gpu.index", "0")).isEqualTo(totalMib * MIB);
        assertThat(value(readings, MetricNames.GPU_TEMPERATURE, "gpu.index", "0")).isEqualTo(celsius);
        assertThat(find(all, MetricNames.GPU_PROCESS_MEMORY_USED)).hasSize(processes);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            3090-v13.xml             | 35.15
            a100-sxm4-v12.xml        | 67.03
            a10g.xml                 | 25.58
            dual_2070-v13.xml        | 9.23
            gtx-1660-ti.xml          | 8.93
            quadro-p2000-v12.xml     | 4.61
            rtx-3060-v12.xml         | 11.63
            rtx-3080-v12.xml         | 22.78
            rtx-3080-v13.xml         | 142.33
            rtx-3090-v12.xml         | 27.23
            rtx-4000-sff-ada-v13.xml | 8.44
            tesla-t4.xml             | 26.78
            """)
    void powerDrawIsTheInstantReadingWhereThereIsOne(String file, double watts) throws Exception {
        assertThat(value(parse(file).rows(), MetricNames.GPU_POWER_DRAW, "gpu.index", "0")).isEqualTo(watts);
    }

    @Test
    void notAvailablePowerIsMissingNotZero() throws Exception {
        for (String file : List.of("gt-1030.xml", "gtx-1070-ti.xml", "quadro-p400.xml")) {
            assertThat(find(parse(file).rows(), MetricNames.GPU_POWER_DRAW)).as(file).isEmpty();
        }
        assertThat(value(parse("gt-1030.xml").rows(), MetricNames.GPU_POWER_LIMIT)).isEqualTo(30.0);
    }

    @Test
    void everyMigDeviceIsItsOwnSeries() throws Exception {
        List<Reading> readings = parse("a100-sxm4-v12.xml").rows();
        List<Reading> migUsed = find(readings, MetricNames.GPU_MEMORY_USED).stream()
                .filter(r -> r.attributes().get(GpuAttributes.MIG_INSTANCE) != null).toList();
        assertThat(migUsed).extracting(r -> r.attributes().get(GpuAttributes.MIG_INSTANCE))
                .containsExactly("3", "4", "5", "6");
        assertThat(migUsed).allSatisfy(r -> assertThat(r.value()).isEqualTo(12 * MIB));
        assertThat(value(readings, MetricNames.GPU_MEMORY_TOTAL, "mig.instance", "5")).isEqualTo(19968 * MIB);
        assertThat(value(readings, MetricNames.GPU_MEMORY_USED, "mig.instance", "5", "gpu.uuid",
                "GPU-513536b6-7d19-9063-b049-1e69664bb298", "gpu.pci_bus_id", "00000000:01:00.0")).isEqualTo(12 * MIB);
        // The GPU as a whole: 50 MiB used, 869 MiB reserved; utilisation is N/A under MIG.
        Reading whole = find(readings, MetricNames.GPU_MEMORY_RESERVED).get(0);
        assertThat(whole.value()).isEqualTo(869 * MIB);
        assertThat(find(readings, MetricNames.GPU_UTILIZATION)).isEmpty();
    }

    @Test
    void eccThrottleRetiredPagesPcieAndProcesses() throws Exception {
        List<Reading> t4 = parse("tesla-t4.xml").rows();
        assertThat(value(t4, MetricNames.GPU_ECC_ERRORS, "error.type", "corrected", "ecc.counter", "volatile")).isZero();
        assertThat(value(t4, MetricNames.GPU_RETIRED_PAGES, "cause", "double_bit_ecc")).isZero();
        assertThat(find(t4, MetricNames.GPU_THROTTLE_ACTIVE)).isNotEmpty();

        List<Reading> rtx3080 = parse("rtx-3080-v13.xml").rows();
        assertThat(value(rtx3080, MetricNames.GPU_UTILIZATION)).isCloseTo(0.65, within(1e-12));
        assertThat(value(rtx3080, MetricNames.GPU_PCIE_THROUGHPUT, "direction", "transmit")).isEqualTo(1066699 * 1024.0);
        assertThat(value(rtx3080, MetricNames.GPU_PCIE_LINK_WIDTH)).isEqualTo(16);
        assertThat(value(rtx3080, MetricNames.GPU_PCIE_LINK_GENERATION)).isEqualTo(4);

        List<Reading> ada = parse("rtx-4000-sff-ada-v13.xml").rows();
        assertThat(value(ada, MetricNames.GPU_PROCESS_MEMORY_USED, "process.pid", "4937", "process.executable.name", "python"))
                .isEqualTo(160 * MIB);

        List<Reading> partial = parse("gtx-1070-ti.xml").rows();
        assertThat(value(partial, MetricNames.GPU_FAN_SPEED)).isEqualTo(1.0);
        assertThat(value(partial, MetricNames.GPU_CLOCK_SM)).isEqualTo(135);
        assertThat(value(partial, MetricNames.GPU_PCIE_LINK_GENERATION)).isEqualTo(1);
    }

    @Test
    void truncatedXmlIsAClearErrorWithTheLine() throws Exception {
        byte[] whole = Files.readAllBytes(Fixtures.resource("nvidia-smi-xml/tesla-t4.xml"));
        byte[] truncated = java.util.Arrays.copyOf(whole, whole.length / 2);
        assertThatThrownBy(() -> NvidiaSmiXmlParser.parse(truncated, "t4-truncated.xml"))
                .isInstanceOf(NvidiaSmiXmlParser.XmlFormatException.class)
                .hasMessageContaining("t4-truncated.xml line ")
                .hasMessageContaining("not well-formed XML");
    }

    @Test
    void externalEntitiesAreNeverRead(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET");
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE nvidia_smi_log [<!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>\n"
                + "<nvidia_smi_log><gpu id=\"00000000:01:00.0\"><product_name>&x;</product_name><uuid>GPU-1</uuid>"
                + "<fb_memory_usage><used>1 MiB</used></fb_memory_usage></gpu></nvidia_smi_log>";
        ParseResult<Reading> result;
        try {
            result = NvidiaSmiXmlParser.parse(xxe.getBytes(StandardCharsets.UTF_8), "xxe.xml");
        } catch (NvidiaSmiXmlParser.XmlFormatException refused) {
            assertThat(refused.getMessage()).doesNotContain("TOP-SECRET");
            return;
        }
        assertThat(result.rows()).allSatisfy(r -> assertThat(r.attributes().toString()).doesNotContain("TOP-SECRET"));
    }

    @Test
    void aDocumentThatIsNotNvidiaSmiIsRefused() {
        assertThatThrownBy(() -> NvidiaSmiXmlParser.parse("<html><body/></html>".getBytes(StandardCharsets.UTF_8), "page.html"))
                .hasMessageContaining("not <nvidia_smi_log>");
    }
}
