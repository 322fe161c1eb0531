package dev.fathom.collectors.reading;

import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.GaugeData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.data.SumData;
import io.opentelemetry.sdk.resources.Resource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups readings into OpenTelemetry metric data: one metric per name, unit and kind, one point
 * per reading; counters become cumulative monotonic sums. Readings without a value (NaN) are
 * left out, as a missing value is not a zero.
 */
public final class ReadingsToMetrics {

    public static final InstrumentationScopeInfo SCOPE = InstrumentationScopeInfo.create("dev.fathom.collectors");

    private ReadingsToMetrics() {}

    /**
     * @param startNanos start of the cumulative counters (when the source started)
     * @param nowNanos the time of readings that carry none
     */
    public static List<MetricData> convert(Resource resource, Collection<Reading> readings, long startNanos, long nowNanos) {
        Map<String, List<Reading>> byMetric = new LinkedHashMap<>();
        for (Reading reading : readings) {
            if (Double.isNaN(reading.value())) {
                continue;
            }
            byMetric.computeIfAbsent(reading.name() + '\u0000' + reading.unit() + '\u0000' + reading.kind(),
                    k -> new ArrayList<>()).add(reading);
        }
        List<MetricData> metrics = new ArrayList<>(byMetric.size());
        for (List<Reading> group : byMetric.values()) {
            Reading first = group.get(0);
            List<DoublePointData> points = new ArrayList<>(group.size());
            for (Reading reading : group) {
                long time = reading.epochNanos() > 0 ? reading.epochNanos() : nowNanos;
                long start = Math.min(startNanos, time);
                points.add(DoublePointData.create(start, time, reading.attributes(), reading.value(), List.of()));
            }
            if (first.kind() == Reading.Kind.COUNTER) {
                metrics.add(new ReadingMetricData(resource, SCOPE, first.name(), first.unit(), MetricDataType.DOUBLE_SUM,
                        SumData.createDoubleSumData(true, AggregationTemporality.CUMULATIVE, points)));
            } else {
                metrics.add(new ReadingMetricData(resource, SCOPE, first.name(), first.unit(), MetricDataType.DOUBLE_GAUGE,
                        GaugeData.createDoubleGaugeData(points)));
            }
        }
        return metrics;
    }
}
