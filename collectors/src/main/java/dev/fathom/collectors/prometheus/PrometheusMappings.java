package dev.fathom.collectors.prometheus;

import static dev.fathom.collectors.prometheus.PrometheusMetricRule.of;

import dev.fathom.collectors.reading.Reading;
import dev.fathom.model.AttributeKeys;
import dev.fathom.model.MetricNames;
import java.util.List;
import java.util.Map;

/** Built-in mappings from well-known exporters to Fathom's metric and attribute names. */
public final class PrometheusMappings {

    private static final double MIB = 1024.0 * 1024.0;

    private PrometheusMappings() {}

    /** By preset name as the config spells it: dcgm-exporter, nvidia-gpu-exporter, node-exporter, none. */
    public static PrometheusMapping preset(String name) {
        return switch (name) {
            case "dcgm-exporter" -> dcgmExporter();
            case "nvidia-gpu-exporter" -> nvidiaGpuExporter();
            case "node-exporter" -> nodeExporter();
            case "none" -> new PrometheusMapping(List.of(), Map.of(), Map.of(), false);
            default -> throw new IllegalArgumentException("unknown preset '" + name
                    + "': use dcgm-exporter, nvidia-gpu-exporter, node-exporter or none");
        };
    }

    /**
     * NVIDIA dcgm-exporter: DCGM_FI_* fields with labels gpu, UUID, pci_bus_id, device, modelName,
     * Hostname, GPU_I_PROFILE/GPU_I_ID (MIG) and namespace/pod/container (Kubernetes).
     */
    public static PrometheusMapping dcgmExporter() {
        Map<String, String> corrected = Map.of(AttributeKeys.ERROR_TYPE, "corrected");
        Map<String, String> uncorrected = Map.of(AttributeKeys.ERROR_TYPE, "uncorrected");
        List<PrometheusMetricRule> rules = List.of(
                of("DCGM_FI_DEV_GPU_UTIL", MetricNames.GPU_UTILIZATION, "1", 0.01).withKind(Reading.Kind.GAUGE),
                of("DCGM_FI_DEV_MEM_COPY_UTIL", MetricNames.GPU_MEMORY_UTILIZATION, "1", 0.01).withKind(Reading.Kind.GAUGE),
                of("DCGM_FI_DEV_FB_USED", MetricNames.GPU_MEMORY_USED, "By", MIB).withKind(Reading.Kind.GAUGE),
                of("DCGM_FI_DEV_FB_FREE", MetricNames.GPU_MEMORY_FREE, "By", MIB).withKind(Reading.Kind.GAUGE),
                of("DCGM_FI_DEV_FB_TOTAL", MetricNames.GPU_MEMORY_TOTAL, "By", MIB).withKind(Reading.Kind.GAUGE),
                of("DCGM_FI_DEV_FB_RESERVED", MetricNames.GPU_MEMORY_RESERVED, "By", MIB).withKind(Reading.Kind.GAUGE),
                of("DCGM_FI_DEV_POWER_USAGE", MetricNames.GPU_POWER_DRAW, "W", 1).withKind(Reading.Kind.GAUGE),
                of("DCGM_FI_DEV_POWER_MGMT_LIMIT", MetricNames.GPU_POWER_LIMIT, "W", 1).withKind(Reading.Kind.GAUGE),
                // DCGM counts energy in millijoules.
                of("DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION", MetricNames.GPU_ENERGY, "J", 0.001).withKind(Reading.Kind.COUNTER),
                of("DCGM_FI_DEV_GPU_TEMP", MetricNames.GPU_TEMPERATURE, "Cel", 1).withKind(Reading.Kind.GAUGE),
                of("DCGM_FI_DEV_MEMORY_TEMP", MetricNames.GPU_TEMPERATURE_MEMORY, "Cel", 1).withKind(Reading.Kind.GAUGE),
                of("DCGM_FI_DEV_SM_CLOCK", MetricNames.GPU_CLOCK_SM, "MHz", 1).withKind(Reading.Kind.GAUGE),
                of("DCGM_FI_DEV_MEM_CLOCK", MetricNames.GPU_CLOCK_MEMORY, "MHz", 1).withKind(Reading.Kind.GAUGE),
                of("DCGM_FI_DEV_XID_ERRORS", MetricNames.GPU_XID_LAST, "{xid}", 1).withKind(Reading.Kind.GAUGE),
                of("DCGM_FI_DEV_PCIE_LINK_GEN", MetricNames.GPU_PCIE_LINK_GENERATION, "{generation}", 1),
                of("DCGM_FI_DEV_PCIE_LINK_WIDTH", MetricNames.GPU_PCIE_LINK_WIDTH, "{lane}", 1),
                of("DCGM_FI_DEV_CLOCK_THROTTLE_REASONS", MetricNames.GPU_THROTTLE_ACTIVE, "1", 1).asThrottleBitmask(),
                of("DCGM_FI_DEV_CLOCKS_EVENT_REASONS", MetricNames.GPU_THROTTLE_ACTIVE, "1", 1).asThrottleBitmask(),
                of("DCGM_FI_DEV_ECC_SBE_VOL_TOTAL", MetricNames.GPU_ECC_ERRORS, "{error}", 1).withKind(Reading.Kind.COUNTER)
                        .withAttributes(with(corrected, AttributeKeys.ECC_COUNTER, "volatile")),
                of("DCGM_FI_DEV_ECC_DBE_VOL_TOTAL", MetricNames.GPU_ECC_ERRORS, "{error}", 1).withKind(Reading.Kind.COUNTER)
                        .withAttributes(with(uncorrected, AttributeKeys.ECC_COUNTER, "volatile")),
                of("DCGM_FI_DEV_ECC_SBE_AGG_TOTAL", MetricNames.GPU_ECC_ERRORS, "{error}", 1).withKind(Reading.Kind.COUNTER)
                        .withAttributes(with(corrected, AttributeKeys.ECC_COUNTER, "aggregate")),
                of("DCGM_FI_DEV_ECC_DBE_AGG_TOTAL", MetricNames.GPU_ECC_ERRORS, "{error}", 1).withKind(Reading.Kind.COUNTER)
                        .withAttributes(with(uncorrected, AttributeKeys.ECC_COUNTER, "aggregate")),
                of("DCGM_FI_DEV_RETIRED_SBE", MetricNames.GPU_RETIRED_PAGES, "{page}", 1).withKind(Reading.Kind.GAUGE)
                        .withAttributes(Map.of(AttributeKeys.CAUSE, "single_bit_ecc")),
                of("DCGM_FI_DEV_RETIRED_DBE", MetricNames.GPU_RETIRED_PAGES, "{page}", 1).withKind(Reading.Kind.GAUGE)
                        .withAttributes(Map.of(AttributeKeys.CAUSE, "double_bit_ecc")),
                of("DCGM_FI_DEV_RETIRED_PENDING", MetricNames.GPU_RETIRED_PAGES_PENDING, "1", 1).withKind(Reading.Kind.GAUGE),
                of("DCGM_FI_PROF_SM_ACTIVE", MetricNames.GPU_SM_ACTIVE, "1", 1).withKind(Reading.Kind.GAUGE),
                of("DCGM_FI_PROF_SM_OCCUPANCY", MetricNames.GPU_SM_OCCUPANCY, "1", 1).withKind(Reading.Kind.GAUGE),
                of("DCGM_FI_PROF_PIPE_TENSOR_ACTIVE", MetricNames.GPU_TENSOR_ACTIVE, "1", 1).withKind(Reading.Kind.GAUGE),
                of("DCGM_FI_PROF_DRAM_ACTIVE", MetricNames.GPU_DRAM_ACTIVE, "1", 1).withKind(Reading.Kind.GAUGE),
                of("DCGM_FI_PROF_PCIE_TX_BYTES", MetricNames.GPU_PCIE_THROUGHPUT, "By/s", 1).withKind(Reading.Kind.GAUGE)
                        .withAttributes(Map.of(AttributeKeys.DIRECTION, "transmit")),
                of("DCGM_FI_PROF_PCIE_RX_BYTES", MetricNames.GPU_PCIE_THROUGHPUT, "By/s", 1).withKind(Reading.Kind.GAUGE)
                        .withAttributes(Map.of(AttributeKeys.DIRECTION, "receive")),
                of("DCGM_FI_PROF_NVLINK_TX_BYTES", MetricNames.GPU_NVLINK_THROUGHPUT, "By/s", 1).withKind(Reading.Kind.GAUGE)
                        .withAttributes(Map.of(AttributeKeys.DIRECTION, "transmit")),
                of("DCGM_FI_PROF_NVLINK_RX_BYTES", MetricNames.GPU_NVLINK_THROUGHPUT, "By/s", 1).withKind(Reading.Kind.GAUGE)
                        .withAttributes(Map.of(AttributeKeys.DIRECTION, "receive")));
        Map<String, String> labels = Map.ofEntries(
                Map.entry("gpu", AttributeKeys.GPU_INDEX),
                Map.entry("UUID", AttributeKeys.GPU_UUID),
                Map.entry("pci_bus_id", AttributeKeys.GPU_PCI_BUS_ID),
                Map.entry("modelName", AttributeKeys.GPU_MODEL),
                Map.entry("GPU_I_PROFILE", AttributeKeys.MIG_PROFILE),
                Map.entry("GPU_I_ID", AttributeKeys.MIG_INSTANCE),
                Map.entry("namespace", AttributeKeys.K8S_NAMESPACE),
                Map.entry("pod", AttributeKeys.K8S_POD),
                Map.entry("container", AttributeKeys.K8S_CONTAINER),
                // Where the point comes from is the resource's business (host.name), not the point's.
                Map.entry("Hostname", ""),
                Map.entry("device", ""),
                Map.entry("DCGM_FI_DRIVER_VERSION", ""),
                Map.entry("DCGM_FI_PROCESS_NAME", ""));
        return new PrometheusMapping(rules, labels, Map.of(), false, true);
    }

    /**
     * utkuozdemir/nvidia_gpu_exporter: {@code nvidia_smi_*} gauges labelled by {@code uuid}
     * without nvidia-smi's "GPU-" prefix, which is put back so the series match Fathom's own.
     */
    public static PrometheusMapping nvidiaGpuExporter() {
        List<PrometheusMetricRule> rules = List.of(
                of("nvidia_smi_utilization_gpu_ratio", MetricNames.GPU_UTILIZATION, "1", 1),
                of("nvidia_smi_utilization_memory_ratio", MetricNames.GPU_MEMORY_UTILIZATION, "1", 1),
                of("nvidia_smi_memory_used_bytes", MetricNames.GPU_MEMORY_USED, "By", 1),
                of("nvidia_smi_memory_total_bytes", MetricNames.GPU_MEMORY_TOTAL, "By", 1),
                of("nvidia_smi_memory_reserved_bytes", MetricNames.GPU_MEMORY_RESERVED, "By", 1),
                of("nvidia_smi_memory_free_bytes", MetricNames.GPU_MEMORY_FREE, "By", 1),
                of("nvidia_smi_power_draw_watts", MetricNames.GPU_POWER_DRAW, "W", 1),
                of("nvidia_smi_enforced_power_limit_watts", MetricNames.GPU_POWER_LIMIT, "W", 1),
                of("nvidia_smi_temperature_gpu", MetricNames.GPU_TEMPERATURE, "Cel", 1),
                of("nvidia_smi_temperature_memory", MetricNames.GPU_TEMPERATURE_MEMORY, "Cel", 1),
                of("nvidia_smi_clocks_current_sm_clock_hz", MetricNames.GPU_CLOCK_SM, "MHz", 1e-6),
                of("nvidia_smi_clocks_current_memory_clock_hz", MetricNames.GPU_CLOCK_MEMORY, "MHz", 1e-6),
                of("nvidia_smi_clocks_current_graphics_clock_hz", MetricNames.GPU_CLOCK_GRAPHICS, "MHz", 1e-6),
                of("nvidia_smi_fan_speed_ratio", MetricNames.GPU_FAN_SPEED, "1", 1),
                of("nvidia_smi_pcie_link_gen_current", MetricNames.GPU_PCIE_LINK_GENERATION, "{generation}", 1),
                of("nvidia_smi_pcie_link_width_current", MetricNames.GPU_PCIE_LINK_WIDTH, "{lane}", 1),
                of("nvidia_smi_compute_app_used_memory_bytes", MetricNames.GPU_PROCESS_MEMORY_USED, "By", 1));
        Map<String, String> labels = Map.of("uuid", AttributeKeys.GPU_UUID, "pid", AttributeKeys.PROCESS_PID,
                "process_name", AttributeKeys.PROCESS_EXECUTABLE_NAME);
        return new PrometheusMapping(rules, labels, Map.of("uuid", "GPU-"), false);
    }

    /** Prometheus node-exporter: network and file-system counters under hostmetrics names. */
    public static PrometheusMapping nodeExporter() {
        List<PrometheusMetricRule> rules = List.of(
                of("node_network_receive_bytes_total", MetricNames.NETWORK_IO, "By", 1)
                        .withAttributes(Map.of(AttributeKeys.DIRECTION, "receive")),
                of("node_network_transmit_bytes_total", MetricNames.NETWORK_IO, "By", 1)
                        .withAttributes(Map.of(AttributeKeys.DIRECTION, "transmit")),
                of("node_network_receive_packets_total", MetricNames.NETWORK_PACKETS, "{packet}", 1)
                        .withAttributes(Map.of(AttributeKeys.DIRECTION, "receive")),
                of("node_network_transmit_packets_total", MetricNames.NETWORK_PACKETS, "{packet}", 1)
                        .withAttributes(Map.of(AttributeKeys.DIRECTION, "transmit")),
                of("node_network_receive_errs_total", MetricNames.NETWORK_ERRORS, "{error}", 1)
                        .withAttributes(Map.of(AttributeKeys.DIRECTION, "receive")),
                of("node_network_transmit_errs_total", MetricNames.NETWORK_ERRORS, "{error}", 1)
                        .withAttributes(Map.of(AttributeKeys.DIRECTION, "transmit")),
                of("node_network_receive_drop_total", MetricNames.NETWORK_DROPPED, "{packet}", 1)
                        .withAttributes(Map.of(AttributeKeys.DIRECTION, "receive")),
                of("node_network_transmit_drop_total", MetricNames.NETWORK_DROPPED, "{packet}", 1)
                        .withAttributes(Map.of(AttributeKeys.DIRECTION, "transmit")),
                of("node_disk_read_bytes_total", MetricNames.DISK_IO, "By", 1)
                        .withAttributes(Map.of(AttributeKeys.DIRECTION, "read")),
                of("node_disk_written_bytes_total", MetricNames.DISK_IO, "By", 1)
                        .withAttributes(Map.of(AttributeKeys.DIRECTION, "write")),
                of("node_filesystem_avail_bytes", MetricNames.FILESYSTEM_USAGE, "By", 1).withKind(Reading.Kind.GAUGE)
                        .withAttributes(Map.of(AttributeKeys.STATE, "free")),
                of("node_filesystem_size_bytes", MetricNames.FILESYSTEM_USAGE, "By", 1).withKind(Reading.Kind.GAUGE)
                        .withAttributes(Map.of(AttributeKeys.STATE, "size")));
        Map<String, String> labels = Map.of("fstype", AttributeKeys.FILESYSTEM_TYPE);
        return new PrometheusMapping(rules, labels, Map.of(), false);
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        java.util.Map<String, String> copy = new java.util.HashMap<>(base);
        copy.put(key, value);
        return copy;
    }
}
