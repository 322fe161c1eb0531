package dev.fathom.dashboard.node;

import dev.fathom.model.MetricNames;
import java.util.List;
import java.util.Set;

/**
 * Where a metric goes on the node page and how it is drawn: the section by name prefix, whether
 * it is a cumulative counter (drawn as a rate), and its unit and scale for people.
 */
enum MetricSection {
    GPU("GPUs and MIG instances", "gpu."),
    NIC("Network interfaces", "system.network."),
    INFINIBAND("InfiniBand ports", "infiniband.", "system.infiniband."),
    DISK("Disks", "system.disk."),
    FILESYSTEM("File systems", "system.filesystem."),
    OTHER("Other", "");

    final String title;
    final List<String> prefixes;

    MetricSection(String title, String... prefixes) {
        this.title = title;
        this.prefixes = List.of(prefixes);
    }

    static MetricSection of(String metric) {
        for (MetricSection section : values()) {
            if (section != OTHER && section.prefixes.stream().anyMatch(metric::startsWith)) {
                return section;
            }
        }
        return OTHER;
    }

    /** The gauges among the host network, disk and InfiniBand metrics the collectors write. */
    static final Set<String> GAUGES = Set.of(MetricNames.NETWORK_LINK_SPEED, MetricNames.DISK_PENDING_OPERATIONS);

    /**
     * Host network, disk and InfiniBand metrics are cumulative counters (OpenTelemetry hostmetrics'
     * sums), except the few gauges among them (I/O requests in flight, link speed or state) and the
     * rates and deltas the stream jobs derive from counters.
     */
    static boolean isCounter(String metric) {
        MetricSection section = of(metric);
        return (section == NIC || section == DISK || section == INFINIBAND) && !GAUGES.contains(metric)
                && !metric.endsWith(MetricNames.RATE_SUFFIX) && !metric.endsWith(MetricNames.DELTA_SUFFIX)
                && !metric.endsWith(".state") && !metric.endsWith(".limit");
    }

    /** A unit people read, and the factor that turns stored values into it. */
    record Display(String unit, double factor) {}

    static Display display(String metric, String unit, boolean counter) {
        String perSecond = counter ? "/s" : "";
        return switch (unit) {
            case "1" -> metric.contains("utilization") ? new Display("%", 100) : new Display(perSecond.isEmpty() ? "" : "1/s", 1);
            case "By" -> counter ? new Display("MiB/s", 1.0 / (1024 * 1024)) : new Display("GiB", 1.0 / (1024 * 1024 * 1024));
            case "Cel" -> new Display("°C", 1);
            case "s" -> counter ? new Display("s/s", 1) : new Display("s", 1);
            case "MHz", "W" -> new Display(unit, 1);
            default -> new Display(unit.replaceAll("[{}]", "") + perSecond, 1);
        };
    }
}
