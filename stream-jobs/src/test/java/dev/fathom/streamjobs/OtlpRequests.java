package dev.fathom.streamjobs;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;

/** Builds OTLP requests the way an OpenTelemetry exporter would, for tests. */
public final class OtlpRequests {

    private OtlpRequests() {}

    public static KeyValue attr(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    public static KeyValue attr(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }

    public static NumberDataPoint doublePoint(long timeMillis, double value, KeyValue... attributes) {
        return NumberDataPoint.newBuilder().setTimeUnixNano(timeMillis * 1_000_000).setAsDouble(value)
                .addAllAttributes(java.util.List.of(attributes)).build();
    }

    public static NumberDataPoint intPoint(long timeMillis, long value, KeyValue... attributes) {
        return NumberDataPoint.newBuilder().setTimeUnixNano(timeMillis * 1_000_000).setAsInt(value)
                .addAllAttributes(java.util.List.of(attributes)).build();
    }

    public static Metric gauge(String name, String unit, NumberDataPoint... points) {
        return Metric.newBuilder().setName(name).setUnit(unit)
                .setGauge(Gauge.newBuilder().addAllDataPoints(java.util.List.of(points))).build();
    }

    public static Metric cumulativeSum(String name, String unit, NumberDataPoint... points) {
        return Metric.newBuilder().setName(name).setUnit(unit)
                .setSum(Sum.newBuilder().setIsMonotonic(true)
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                        .addAllDataPoints(java.util.List.of(points)))
                .build();
    }

    public static ExportMetricsServiceRequest request(java.util.List<KeyValue> resource, Metric... metrics) {
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder()
                        .setResource(Resource.newBuilder().addAllAttributes(resource))
                        .addScopeMetrics(ScopeMetrics.newBuilder().addAllMetrics(java.util.List.of(metrics))))
                .build();
    }
}
