package dev.fathom.cli.bench.e2e;

import dev.fathom.model.AttributeKeys;
import dev.fathom.model.MetricNames;
import java.util.List;

/**
 * The benchmark's fleet of series, the same for Fathom and Prometheus: hosts of 8 GPUs, each GPU
 * reporting four gauges. Series {@code i} is (host {@code i / 32}, GPU {@code (i / 4) % 8}, metric
 * {@code i % 4}); point {@code n} of a run belongs to series {@code n % count}, so any range of
 * point numbers maps to whole hosts in order and both backends get exactly the same points.
 */
public final class GeneratedSeries {

    public static final int GPUS_PER_HOST = 8;
    public static final List<Gauge> GAUGES = List.of(
            new Gauge(MetricNames.GPU_UTILIZATION, "%", "gpu_utilization"),
            new Gauge(MetricNames.GPU_MEMORY_USED, "By", "gpu_memory_used_bytes"),
            new Gauge(MetricNames.GPU_POWER_DRAW, "W", "gpu_power_draw_watts"),
            new Gauge(MetricNames.GPU_TEMPERATURE, "Cel", "gpu_temperature_celsius"));
    public static final int SERIES_PER_HOST = GPUS_PER_HOST * 4;
    public static final String CLUSTER = "bench";
    public static final String GPU_MODEL = "NVIDIA H100 80GB HBM3";
    /** One point of this metric per tick: its newest visible time measures freshness. */
    public static final String MARKER_METRIC = "fathom.bench.marker";
    public static final String MARKER_PROMETHEUS = "fathom_bench_marker";

    /** A generated gauge: OTLP name and unit, and the Prometheus name it gets on remote write. */
    public record Gauge(String name, String unit, String prometheusName) {}

    private final int count;

    /** {@code count} series, a whole number of hosts (a multiple of {@value #SERIES_PER_HOST}). */
    public GeneratedSeries(int count) {
        if (count < SERIES_PER_HOST || count % SERIES_PER_HOST != 0) {
            throw new IllegalArgumentException("--series must be a positive multiple of " + SERIES_PER_HOST
                    + " (hosts x " + GPUS_PER_HOST + " GPUs x " + GAUGES.size() + " gauges), got " + count);
        }
        this.count = count;
    }

    public int count() {
        return count;
    }

    public int hosts() {
        return count / SERIES_PER_HOST;
    }

    public static String hostName(int host) {
        return "gpu-node-" + host;
    }

    public static String gpuUuid(int host, int gpu) {
        return String.format("GPU-%08x-0000-4000-8000-%012x", host, gpu);
    }

    public static int hostOf(int series) {
        return series / SERIES_PER_HOST;
    }

    public static int gpuOf(int series) {
        return (series / GAUGES.size()) % GPUS_PER_HOST;
    }

    public static Gauge gaugeOf(int series) {
        return GAUGES.get(series % GAUGES.size());
    }

    public int seriesOf(long pointNumber) {
        return (int) (pointNumber % count);
    }

    /** A plausible value for the gauge, varying with the point number. */
    public static double value(Gauge gauge, long pointNumber) {
        int wave = (int) (pointNumber * 7919 % 101);
        return switch (gauge.name()) {
            case MetricNames.GPU_UTILIZATION -> wave;
            case MetricNames.GPU_MEMORY_USED -> 40e9 + wave * 1e8;
            case MetricNames.GPU_POWER_DRAW -> 300 + wave * 3;
            default -> 40 + wave / 5.0;
        };
    }

    /**
     * The time of point {@code pointNumber} sent in a tick at {@code tickMillis}: one millisecond
     * later for each earlier pass over all series in the same tick, so a series' times only grow
     * (Prometheus rejects a series' sample that is not newer than its last one).
     */
    public long timeMillis(long tickMillis, long tickFirstPoint, long pointNumber) {
        return tickMillis + (pointNumber - tickFirstPoint) / count;
    }

    /** Labels as both backends see them (OTLP resource and point attributes; Prometheus label names). */
    public static List<String[]> labels(int series) {
        int host = hostOf(series);
        int gpu = gpuOf(series);
        return List.of(
                new String[] {AttributeKeys.CLUSTER, CLUSTER},
                new String[] {AttributeKeys.HOST_NAME, hostName(host)},
                new String[] {AttributeKeys.GPU_INDEX, Integer.toString(gpu)},
                new String[] {AttributeKeys.GPU_MODEL, GPU_MODEL},
                new String[] {AttributeKeys.GPU_UUID, gpuUuid(host, gpu)});
    }
}
