package dev.fathom.streamjobs.decode;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.fathom.model.Point;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import dev.fathom.model.AttributeKeys;
import dev.fathom.model.MetricNames;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Turns one serialized OTLP {@code ExportMetricsServiceRequest} into flat points: the one place the
 * OTLP-to-point mapping lives. Resource attributes and data-point attributes become labels (the
 * data point's win on a clash). Gauges and sums become one point per data point; a sum's value is
 * its cumulative or delta value as sent, marked with its temporality so a keyed step downstream
 * ({@code CounterDeltaFunction}) can turn it into deltas and rates. Histograms become Prometheus-style
 * points: {@code h.bucket} per bound (label {@code le}, counts cumulative over the bounds, "+Inf"
 * last), {@code h.count} and {@code h.sum}. Units are normalised here, once, by
 * {@link UnitNormalizer} (values, sums and bucket bounds alike). Data points flagged "no recorded
 * value" and NaN values are missing values and produce no point.
 *
 * <p>Exponential histograms and summaries are not decoded; they are counted in
 * {@link Result#skippedDataPoints()} so the gap is visible, as are histogram data points with a NaN
 * bucket bound (a bucket without a bound). A NaN histogram sum is a missing value: no {@code .sum}
 * point.
 */
public final class OtlpMetricsDecoder {

    /** The points of one record and how many data points were left out. */
    public record Result(List<DecodedPoint> points, int skippedDataPoints) {}

    private static final int FLAG_NO_RECORDED_VALUE = 1;

    public Result decode(byte[] payload) throws MalformedOtlpException {
        ExportMetricsServiceRequest request;
        try {
            request = ExportMetricsServiceRequest.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedOtlpException("not an OTLP ExportMetricsServiceRequest: " + e.getMessage(), e);
        }
        List<DecodedPoint> points = new ArrayList<>();
        int skipped = 0;
        for (ResourceMetrics resourceMetrics : request.getResourceMetricsList()) {
            TreeMap<String, String> resourceLabels = labels(resourceMetrics.getResource().getAttributesList(), new TreeMap<>());
            for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
                for (Metric metric : scopeMetrics.getMetricsList()) {
                    switch (metric.getDataCase()) {
                        case GAUGE -> addAll(points, metric, metric.getGauge().getDataPointsList(), resourceLabels,
                                Temporality.GAUGE, false);
                        case SUM -> addAll(points, metric, metric.getSum().getDataPointsList(), resourceLabels,
                                temporality(metric.getSum().getAggregationTemporality()), metric.getSum().getIsMonotonic());
                        case HISTOGRAM -> skipped += addHistograms(points, metric, resourceLabels);
                        case EXPONENTIAL_HISTOGRAM -> skipped += metric.getExponentialHistogram().getDataPointsCount();
                        case SUMMARY -> skipped += metric.getSummary().getDataPointsCount();
                        case DATA_NOT_SET -> { }
                    }
                }
            }
        }
        return new Result(points, skipped);
    }

    private static Temporality temporality(AggregationTemporality temporality) {
        return temporality == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA ? Temporality.DELTA : Temporality.CUMULATIVE;
    }

    private static void addAll(List<DecodedPoint> out, Metric metric, List<NumberDataPoint> dataPoints,
                               TreeMap<String, String> resourceLabels, Temporality temporality, boolean monotonic) {
        UnitNormalizer.Normal unit = UnitNormalizer.normal(metric.getUnit());
        for (NumberDataPoint dp : dataPoints) {
            if ((dp.getFlags() & FLAG_NO_RECORDED_VALUE) != 0) {
                continue;
            }
            double value = switch (dp.getValueCase()) {
                case AS_DOUBLE -> dp.getAsDouble();
                case AS_INT -> dp.getAsInt();
                case VALUE_NOT_SET -> Double.NaN;
            };
            if (Double.isNaN(value)) {
                continue;
            }
            TreeMap<String, String> labels = labels(dp.getAttributesList(), new TreeMap<>(resourceLabels));
            out.add(new DecodedPoint(new Point(metric.getName(), dp.getTimeUnixNano() / 1_000_000, unit.apply(value), unit.unit(), labels),
                    temporality, monotonic, dp.getStartTimeUnixNano() / 1_000_000));
        }
    }

    /** Adds the histogram's points; returns how many data points were unusable (a NaN bucket bound). */
    private static int addHistograms(List<DecodedPoint> out, Metric metric, TreeMap<String, String> resourceLabels) {
        UnitNormalizer.Normal unit = UnitNormalizer.normal(metric.getUnit());
        Temporality temporality = temporality(metric.getHistogram().getAggregationTemporality());
        String name = metric.getName();
        int unusable = 0;
        for (HistogramDataPoint dp : metric.getHistogram().getDataPointsList()) {
            if ((dp.getFlags() & FLAG_NO_RECORDED_VALUE) != 0) {
                continue;
            }
            if (dp.getExplicitBoundsList().stream().anyMatch(b -> Double.isNaN(b))) {
                // A bucket without a bound has no "le": the data point cannot be stored, the rest can.
                unusable++;
                continue;
            }
            long time = dp.getTimeUnixNano() / 1_000_000;
            long start = dp.getStartTimeUnixNano() / 1_000_000;
            TreeMap<String, String> labels = labels(dp.getAttributesList(), new TreeMap<>(resourceLabels));
            long cumulative = 0;
            for (int i = 0; i < dp.getBucketCountsCount(); i++) {
                cumulative += dp.getBucketCounts(i);
                String le = i < dp.getExplicitBoundsCount() ? bound(dp.getExplicitBounds(i), unit.factor()) : "+Inf";
                TreeMap<String, String> bucketLabels = new TreeMap<>(labels);
                bucketLabels.put(AttributeKeys.LE, le);
                out.add(new DecodedPoint(new Point(name + MetricNames.BUCKET_SUFFIX, time, cumulative, "1", bucketLabels),
                        temporality, true, start));
            }
            out.add(new DecodedPoint(new Point(name + MetricNames.COUNT_SUFFIX, time, dp.getCount(), "1", labels),
                    temporality, true, start));
            if (dp.hasSum() && !Double.isNaN(dp.getSum())) {
                out.add(new DecodedPoint(new Point(name + MetricNames.SUM_SUFFIX, time, unit.apply(dp.getSum()), unit.unit(), labels),
                        temporality, false, start));
            }
        }
        return unusable;
    }

    /** A bucket bound in the normalised unit, exact decimal text (0.1 ms is "0.0001", not a float artefact). */
    static String bound(double bound, double factor) {
        if (Double.isInfinite(bound)) {
            return bound > 0 ? "+Inf" : "-Inf";
        }
        BigDecimal scaled = BigDecimal.valueOf(bound).multiply(BigDecimal.valueOf(factor)).stripTrailingZeros();
        return scaled.signum() == 0 ? "0" : scaled.toPlainString();
    }

    private static TreeMap<String, String> labels(List<KeyValue> attributes, TreeMap<String, String> into) {
        for (KeyValue kv : attributes) {
            into.put(kv.getKey(), text(kv.getValue()));
        }
        return into;
    }

    /** Attribute values as label text; arrays and maps in a compact, stable form. */
    static String text(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case INT_VALUE -> Long.toString(value.getIntValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            case BYTES_VALUE -> java.util.HexFormat.of().formatHex(value.getBytesValue().toByteArray());
            case ARRAY_VALUE -> value.getArrayValue().getValuesList().stream()
                    .map(OtlpMetricsDecoder::text).collect(Collectors.joining(",", "[", "]"));
            case KVLIST_VALUE -> value.getKvlistValue().getValuesList().stream()
                    .map(kv -> kv.getKey() + "=" + text(kv.getValue())).collect(Collectors.joining(",", "{", "}"));
            // Newer value kinds (e.g. dictionary references used by profiles) carry no text here.
            default -> "";
        };
    }
}
