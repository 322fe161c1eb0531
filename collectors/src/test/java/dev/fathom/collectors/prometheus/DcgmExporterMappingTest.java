package dev.fathom.collectors.prometheus;

import static dev.fathom.collectors.gpu.nvidiasmi.Fixtures.find;
import static dev.fathom.collectors.gpu.nvidiasmi.Fixtures.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.collectors.reading.Reading;
import dev.fathom.model.MetricNames;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * dcgm-exporter's output as NVIDIA's documentation shows it (dcgm-exporter README and the GPU
 * Operator docs: DCGM_FI_DEV_MEMORY_TEMP printed as the blank code 9223372036854775794 on GPUs
 * without a memory sensor), with the label set dcgm-exporter 3.x writes.
 */
class DcgmExporterMappingTest {

    private static final String EXPOSITION = """
            # HELP DCGM_FI_DEV_SM_CLOCK SM clock frequency (in MHz).
            # TYPE DCGM_FI_DEV_SM_CLOCK gauge
            # HELP DCGM_FI_DEV_MEM_CLOCK Memory clock frequency (in MHz).
            # TYPE DCGM_FI_DEV_MEM_CLOCK gauge
            # HELP DCGM_FI_DEV_MEMORY_TEMP Memory temperature (in C).
            # TYPE DCGM_FI_DEV_MEMORY_TEMP gauge
            # HELP DCGM_FI_DEV_FB_USED Framebuffer memory used (in MiB).
            # TYPE DCGM_FI_DEV_FB_USED gauge
            # HELP DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION Total energy consumption since boot (in mJ).
            # TYPE DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION counter
            # HELP DCGM_FI_DEV_XID_ERRORS Value of the last XID error encountered.
            # TYPE DCGM_FI_DEV_XID_ERRORS gauge
            # HELP DCGM_FI_DEV_CLOCK_THROTTLE_REASONS Current clock throttle reasons.
            # TYPE DCGM_FI_DEV_CLOCK_THROTTLE_REASONS gauge
            DCGM_FI_DEV_SM_CLOCK{gpu="0", UUID="GPU-604ac76c-d9cf-fef3-62e9-d92044ab6e52",container="foo",namespace="bar",pod="baz"} 139
            DCGM_FI_DEV_MEM_CLOCK{gpu="0", UUID="GPU-604ac76c-d9cf-fef3-62e9-d92044ab6e52",container="foo",namespace="bar",pod="baz"} 405
            DCGM_FI_DEV_MEMORY_TEMP{gpu="0", UUID="GPU-604ac76c-d9cf-fef3-62e9-d92044ab6e52",container="foo",namespace="bar",pod="baz"} 9223372036854775794
            DCGM_FI_DEV_FB_USED{gpu="1",UUID="GPU-72ad4d20-cfed-f08d-c894-f620962ca3e4",pci_bus_id="00000000:B4:00.0",device="nvidia1",modelName="NVIDIA A100-SXM4-80GB",GPU_I_PROFILE="3g.40gb",GPU_I_ID="2",Hostname="node-a",DCGM_FI_DRIVER_VERSION="580.126.09"} 11091
            DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION{gpu="0", UUID="GPU-604ac76c-d9cf-fef3-62e9-d92044ab6e52"} 31035686671
            DCGM_FI_DEV_XID_ERRORS{gpu="0", UUID="GPU-604ac76c-d9cf-fef3-62e9-d92044ab6e52",err_code="79",err_msg="GPU has fallen off the bus"} 79
            DCGM_FI_DEV_CLOCK_THROTTLE_REASONS{gpu="0", UUID="GPU-604ac76c-d9cf-fef3-62e9-d92044ab6e52"} 68
            """;

    @Test
    void dcgmFieldsAndLabelsBecomeFathomNames() {
        PrometheusTextParser.Result parsed = PrometheusTextParser.parse(EXPOSITION, "dcgm");
        assertThat(parsed.errors()).isEmpty();
        List<Reading> readings = PrometheusMappings.dcgmExporter().map(parsed.families());

        assertThat(value(readings, MetricNames.GPU_CLOCK_SM, "gpu.index", "0",
                "gpu.uuid", "GPU-604ac76c-d9cf-fef3-62e9-d92044ab6e52",
                "k8s.namespace.name", "bar", "k8s.pod.name", "baz", "k8s.container.name", "foo")).isEqualTo(139);
        assertThat(value(readings, MetricNames.GPU_CLOCK_MEMORY)).isEqualTo(405);
        // The blank code is a missing value, not 9.2e18 degrees.
        assertThat(find(readings, MetricNames.GPU_TEMPERATURE_MEMORY)).isEmpty();

        Reading migMemory = find(readings, MetricNames.GPU_MEMORY_USED).get(0);
        assertThat(migMemory.value()).isEqualTo(11091 * 1024.0 * 1024.0);
        assertThat(migMemory.attributes().asMap().keySet()).extracting(k -> k.getKey())
                .containsExactlyInAnyOrder("gpu.index", "gpu.uuid", "gpu.pci_bus_id", "gpu.model", "mig.profile", "mig.instance");
        assertThat(value(readings, MetricNames.GPU_MEMORY_USED, "mig.profile", "3g.40gb", "mig.instance", "2"))
                .isEqualTo(11091 * 1024.0 * 1024.0);

        Reading energy = find(readings, MetricNames.GPU_ENERGY).get(0);
        assertThat(energy.kind()).isEqualTo(Reading.Kind.COUNTER);
        assertThat(energy.value()).isEqualTo(31035686.671);
        assertThat(value(readings, MetricNames.GPU_XID_LAST, "err_code", "79")).isEqualTo(79);

        // 68 = 0x44: sw_power_cap (0x4) and hw_thermal_slowdown (0x40).
        assertThat(value(readings, MetricNames.GPU_THROTTLE_ACTIVE, "reason", "sw_power_cap")).isEqualTo(1);
        assertThat(value(readings, MetricNames.GPU_THROTTLE_ACTIVE, "reason", "hw_thermal_slowdown")).isEqualTo(1);
        assertThat(value(readings, MetricNames.GPU_THROTTLE_ACTIVE, "reason", "gpu_idle")).isEqualTo(0);
        assertThat(find(readings, MetricNames.GPU_THROTTLE_ACTIVE)).hasSize(9);
    }
}
