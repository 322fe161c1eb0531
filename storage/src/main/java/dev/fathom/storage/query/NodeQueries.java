package dev.fathom.storage.query;

import dev.fathom.model.AttributeKeys;
import dev.fathom.model.MetricNames;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the node view reads for one host: its GPUs (and MIG instances) now, and its GPUs, NICs,
 * InfiniBand ports, disks and file systems over time, one list of series per metric.
 */
public final class NodeQueries {

    /** The metrics the node view charts, in the order it shows them. */
    public static final List<String> METRICS = List.of(
            MetricNames.GPU_UTILIZATION, MetricNames.GPU_MEMORY_USED, MetricNames.GPU_POWER_DRAW, MetricNames.GPU_TEMPERATURE,
            MetricNames.NETWORK_IO + MetricNames.RATE_SUFFIX, MetricNames.INFINIBAND_IO + MetricNames.RATE_SUFFIX,
            MetricNames.DISK_IO + MetricNames.RATE_SUFFIX, MetricNames.FILESYSTEM_USAGE);

    private final FleetQueries fleet;
    private final SeriesQueries series;

    public NodeQueries(dev.fathom.storage.clickhouse.ClickHouseHttp clickhouse) {
        this.fleet = new FleetQueries(clickhouse);
        this.series = new SeriesQueries(clickhouse);
    }

    /** The host's GPUs with their latest values. */
    public List<GpuStatus> gpus(String host, Instant now, Duration lookback) {
        return fleet.latestGpus(now, lookback, host);
    }

    /** Each of {@code metrics} on the host over the range, mean per step, keyed by metric. */
    public Map<String, List<Series>> overTime(String host, List<String> metrics, TimeRange range, Duration step) {
        Map<String, List<Series>> out = new LinkedHashMap<>();
        LabelFilter onHost = LabelFilter.of(Map.of(AttributeKeys.HOST_NAME, host));
        for (String metric : metrics) {
            out.put(metric, series.series(metric, onHost, range, step, Aggregation.AVG));
        }
        return out;
    }

    /** {@link #METRICS} on the host over the range. */
    public Map<String, List<Series>> overTime(String host, TimeRange range, Duration step) {
        return overTime(host, METRICS, range, step);
    }
}
