package dev.fathom.collectors.gpu.nvidiasmi;

import static dev.fathom.collectors.gpu.nvidiasmi.Fixtures.find;
import static dev.fathom.collectors.gpu.nvidiasmi.Fixtures.value;
import static dev.fathom.collectors.gpu.nvidiasmi.Fixtures.wholeGpus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fathom.collectors.host.ParseResult;
import dev.fathom.collectors.reading.Reading;
import dev.fathom.model.MetricNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NvidiaSmiCaptureFileTest {

    private static final double MIB = 1024.0 * 1024.0;
    private static final String CAPTURES = "nvidia-smi-captures/internal/captures/";

    static List<Reading> load(String capture) {
        return NvidiaSmiCaptureFile.readings(Fixtures.read(CAPTURES + capture + ".txt"), "load");
    }

    @Test
    void everyCaptureParsesWithoutWarningsInBothStates() throws Exception {
        List<Path> captures = Fixtures.files("nvidia-smi-captures/internal/captures", ".txt");
        assertThat(captures).hasSize(7);
        for (Path capture : captures) {
            Map<String, ParseResult<Reading>> states = NvidiaSmiCaptureFile.parse(Files.readString(capture), capture.toString());
            assertThat(states).as(capture.toString()).containsOnlyKeys("idle", "load");
            states.forEach((state, result) -> {
                assertThat(result.warnings()).as(capture + " " + state).isEmpty();
                assertThat(find(result.rows(), MetricNames.GPU_MEMORY_TOTAL)).as(capture + " " + state).isNotEmpty();
            });
        }
    }

    /** The load section's query-gpu row as the file shows it. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            linux-x86_64__nvidia-geforce-rtx-2080-super__595.71.05   | NVIDIA GeForce RTX 2080 SUPER | 111.50 | 250 | 819   | 8192  | 408 | 45 | 2055 | 3 | 00000000:0C:00.0
            linux-x86_64__nvidia-geforce-rtx-2080-super__610.57.04   | NVIDIA GeForce RTX 2080 SUPER | 98.14  | 250 | 815   | 8192  | 400 | 38 | 2070 | 3 | 00000000:0C:00.0
            linux-x86_64__nvidia-geforce-rtx-4080-super__595.71.05   | NVIDIA GeForce RTX 4080 SUPER | 84.24  | 320 | 1474  | 16376 | 434 | 46 | 2805 | 4 | 00000000:01:00.0
            linux-x86_64__nvidia-h100-80gb-hbm3__590.48.01           | NVIDIA H100 80GB HBM3         | 631.95 | 700 | 19818 | 81559 | 479 | 59 | 1980 | 5 | 00000000:00:09.0
            linux-x86_64__nvidia-h100-mig__590.48.01                 | NVIDIA H100 80GB HBM3         | 433.78 | 700 | 11125 | 81559 | 479 | 53 | 1980 | 5 | 00000000:00:09.0
            windows-x86_64__nvidia-geforce-rtx-2080-super__591.86    | NVIDIA GeForce RTX 2080 SUPER | 97.43  | 250 | 1296  | 8192  | 205 | 45 | 2055 | 3 | 00000000:0C:00.0
            windows-x86_64__nvidia-geforce-rtx-2080-super__610.62    | NVIDIA GeForce RTX 2080 SUPER | 97.99  | 250 | 1366  | 8192  | 205 | 44 | 2040 | 3 | 00000000:0C:00.0
            """)
    void loadValuesEqualWhatTheFileShows(String capture, String model, double watts, double limit, long usedMib,
            long totalMib, long reservedMib, double celsius, double smMhz, int pcieGen, String busId) {
        List<Reading> gpu = wholeGpus(load(capture));
        String[] id = {"gpu.index", "0", "gpu.model", model, "gpu.pci_bus_id", busId};
        assertThat(value(gpu, MetricNames.GPU_POWER_DRAW, id)).isEqualTo(watts);
        assertThat(value(gpu, MetricNames.GPU_POWER_LIMIT, id)).isEqualTo(limit);
        assertThat(value(gpu, MetricNames.GPU_MEMORY_USED, id)).isEqualTo(usedMib * MIB);
        assertThat(value(gpu, MetricNames.GPU_MEMORY_TOTAL, id)).isEqualTo(totalMib * MIB);
        assertThat(value(gpu, MetricNames.GPU_MEMORY_RESERVED, id)).isEqualTo(reservedMib * MIB);
        assertThat(value(gpu, MetricNames.GPU_TEMPERATURE, id)).isEqualTo(celsius);
        assertThat(value(gpu, MetricNames.GPU_CLOCK_SM, id)).isEqualTo(smMhz);
        assertThat(value(gpu, MetricNames.GPU_PCIE_LINK_GENERATION, id)).isEqualTo(pcieGen);
        assertThat(value(gpu, MetricNames.GPU_PCIE_LINK_WIDTH, id)).isEqualTo(16);
    }

    @Test
    void h100MigCaptureHasFourInstancesAndThreeProcesses() {
        List<Reading> readings = load("linux-x86_64__nvidia-h100-mig__590.48.01");
        List<Reading> migUsed = find(readings, MetricNames.GPU_MEMORY_USED).stream()
                .filter(r -> r.attributes().get(GpuAttributes.MIG_INSTANCE) != null).toList();
        assertThat(migUsed).extracting(r -> r.attributes().get(GpuAttributes.MIG_INSTANCE))
                .containsExactly("2", "3", "9", "10");
        assertThat(value(readings, MetricNames.GPU_MEMORY_USED, "mig.instance", "2")).isEqualTo(11091 * MIB);
        assertThat(value(readings, MetricNames.GPU_MEMORY_TOTAL, "mig.instance", "10")).isEqualTo(9984 * MIB);
        // Utilisation is [N/A] for a GPU in MIG mode: missing, not 0.
        assertThat(find(readings, MetricNames.GPU_UTILIZATION)).isEmpty();
        assertThat(value(readings, MetricNames.GPU_PROCESS_MEMORY_USED, "process.pid", "21198",
                "process.executable.name", "./gpu_burn")).isEqualTo(7484 * MIB);
        assertThat(find(readings, MetricNames.GPU_PROCESS_MEMORY_USED)).hasSize(3);
        assertThat(value(readings, MetricNames.GPU_ECC_ERRORS, "error.type", "corrected", "ecc.counter", "volatile")).isZero();
        assertThat(value(readings, MetricNames.GPU_TEMPERATURE_MEMORY)).isEqualTo(59);
        // The idle state of the same file: no MIG process, a different power draw.
        List<Reading> idle = NvidiaSmiCaptureFile.readings(
                Fixtures.read(CAPTURES + "linux-x86_64__nvidia-h100-mig__590.48.01.txt"), "idle");
        assertThat(find(idle, MetricNames.GPU_PROCESS_MEMORY_USED)).isEmpty();
    }

    @Test
    void throttleReasonsAndUtilisation() {
        List<Reading> h100 = load("linux-x86_64__nvidia-h100-80gb-hbm3__590.48.01");
        assertThat(value(h100, MetricNames.GPU_UTILIZATION)).isEqualTo(1.0);
        assertThat(value(h100, MetricNames.GPU_THROTTLE_ACTIVE, "reason", "hw_thermal_slowdown")).isZero();
        assertThat(find(h100, MetricNames.GPU_THROTTLE_ACTIVE)).hasSize(8);
        List<Reading> rtx = load("linux-x86_64__nvidia-geforce-rtx-2080-super__595.71.05");
        assertThat(value(rtx, MetricNames.GPU_UTILIZATION)).isCloseTo(0.08, within(1e-12));
        // ECC is [N/A] on a GeForce card: no series at all.
        assertThat(find(rtx, MetricNames.GPU_ECC_ERRORS)).isEmpty();
    }

    @Test
    void noHeaderNoUnitsRowsUseTheFieldsAskedFor() {
        NvidiaSmiCsvParser parser = NvidiaSmiCsvParser.forFields(
                List.of("index", "uuid", "name", "pci.bus_id", "memory.used", "power.draw", "utilization.gpu", "fan.speed"));
        List<Reading> out = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        parser.parseRow("0, GPU-abc, NVIDIA H100 80GB HBM3, 00000000:18:00.0, 19818, 631.95, 100, [N/A]", "row 1", out, warnings);
        parser.parseRow("1, GPU-def, NVIDIA H100 80GB HBM3, 00000000:2A:00.0, lots, [Not Supported], 5, 30", "row 2", out, warnings);
        parser.parseRow("2, GPU-ghi, NVIDIA H100 80GB HBM3", "row 3", out, warnings);
        assertThat(value(out, MetricNames.GPU_MEMORY_USED, "gpu.uuid", "GPU-abc")).isEqualTo(19818 * MIB);
        assertThat(value(out, MetricNames.GPU_POWER_DRAW, "gpu.index", "0")).isEqualTo(631.95);
        assertThat(find(out, MetricNames.GPU_FAN_SPEED, "gpu.index", "0")).isEmpty();
        assertThat(find(out, MetricNames.GPU_POWER_DRAW, "gpu.index", "1")).isEmpty();
        assertThat(value(out, MetricNames.GPU_FAN_SPEED, "gpu.index", "1")).isEqualTo(0.30);
        assertThat(find(out, MetricNames.GPU_MEMORY_USED, "gpu.index", "1")).isEmpty();
        assertThat(warnings).containsExactly(
                "row 2: field memory.used: 'lots' is not a number",
                "row 3: 3 columns where 8 were expected; row skipped");
    }
}
