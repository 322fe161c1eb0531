package dev.fathom.collectors.prometheus;

import static dev.fathom.collectors.gpu.nvidiasmi.Fixtures.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.collectors.gpu.nvidiasmi.Fixtures;
import dev.fathom.collectors.gpu.nvidiasmi.NvidiaSmiCaptureFile;
import dev.fathom.collectors.reading.Reading;
import dev.fathom.model.MetricNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** nvidia_gpu_exporter's real outputs (internal/integration/testdata/*.metrics) for the captures. */
class ExporterOutputsTest {

    private static final String TESTDATA = "nvidia-smi-captures/internal/integration/testdata/";

    @Test
    void everyExporterOutputParsesWithoutErrors() throws Exception {
        List<Path> files = Fixtures.files("nvidia-smi-captures/internal/integration/testdata", ".metrics");
        assertThat(files).hasSize(15);
        for (Path file : files) {
            PrometheusTextParser.Result result = PrometheusTextParser.parse(Files.readAllBytes(file), file.toString());
            assertThat(result.errors()).as(file.toString()).isEmpty();
            assertThat(result.families()).as(file.toString()).isNotEmpty();
            assertThat(PrometheusMappings.nvidiaGpuExporter().map(result.families()))
                    .as(file.toString()).anySatisfy(r -> assertThat(r.name()).isEqualTo(MetricNames.GPU_MEMORY_USED));
        }
    }

    /** The exporter's view of a capture and Fathom's own parse of the same capture agree. */
    @ParameterizedTest
    @ValueSource(strings = {
            "linux-x86_64__nvidia-h100-mig__590.48.01",
            "linux-x86_64__nvidia-h100-80gb-hbm3__590.48.01",
            "linux-x86_64__nvidia-geforce-rtx-4080-super__595.71.05",
            "linux-x86_64__nvidia-geforce-rtx-2080-super__610.57.04",
            "windows-x86_64__nvidia-geforce-rtx-2080-super__610.62"})
    void exporterAndCsvParserAgree(String capture) throws Exception {
        for (String state : List.of("idle", "load")) {
            byte[] exposition = Files.readAllBytes(Fixtures.resource(TESTDATA + capture + "__" + state + ".metrics"));
            List<Reading> scraped = PrometheusMappings.nvidiaGpuExporter()
                    .map(PrometheusTextParser.parse(exposition, capture).families());
            List<Reading> parsed = Fixtures.wholeGpus(NvidiaSmiCaptureFile.readings(
                    Fixtures.read("nvidia-smi-captures/internal/captures/" + capture + ".txt"), state));
            String uuid = "GPU-00000000-0000-0000-0000-000000000000";
            for (String metric : List.of(MetricNames.GPU_MEMORY_USED, MetricNames.GPU_MEMORY_TOTAL,
                    MetricNames.GPU_POWER_DRAW, MetricNames.GPU_TEMPERATURE, MetricNames.GPU_CLOCK_SM)) {
                assertThat(value(scraped, metric, "gpu.uuid", uuid)).as(capture + " " + state + " " + metric)
                        .isCloseTo(value(parsed, metric, "gpu.uuid", uuid), org.assertj.core.api.Assertions.within(1e-6));
            }
        }
    }
}
