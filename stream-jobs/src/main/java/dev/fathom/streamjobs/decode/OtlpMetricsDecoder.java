package dev.fathom.streamjobs.decode;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.fathom.model.Point;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Turns one serialized OTLP {@code ExportMetricsServiceRequest} into flat points: the one place the
 * OTLP-to-point mapping lives. Resource attributes and data-point attributes become labels (the
 * data point's win on a clash). Gauges and sums become one point per data point; a sum's value is
 * its cumulative or delta value as sent. Data points flagged "no recorded value" and NaN values
 * are missing values and produce no point.
 *
 * <p>Histograms, exponential histograms and summaries are not decoded yet; they are counted in
 * {@link Result#skippedDataPoints()} so the gap is visible.
 */
public final class OtlpMetricsDecoder {

    /** The points of one record and how many data points were left out. */
    public record Result(List<Point> points, int skippedDataPoints) {}

    private static final int FLAG_NO_RECORDED_VALUE = 1;

    public Result decode(byte[] payload) throws MalformedOtlpException {
        ExportMetricsServiceRequest request;
        try {
            request = ExportMetricsServiceRequest.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedOtlpException("not an OTLP ExportMetricsServiceRequest: " + e.getMessage(), e);
        }
        List<Point> points = new ArrayList<>();
        int skipped = 0;
        for (ResourceMetrics resourceMetrics : request.getResourceMetricsList()) {
            TreeMap<String, String> resourceLabels = labels(resourceMetrics.getResource().getAttributesList(), new TreeMap<>());
            for (ScopeMetrics scopeMetrics : resourceMetrics.getScopeMetricsList()) {
                for (Metric metric : scopeMetrics.getMetricsList()) {
                    switch (metric.getDataCase()) {
                        case GAUGE -> addAll(points, metric, metric.getGauge().getDataPointsList(), resourceLabels);
                        case SUM -> addAll(points, metric, metric.getSum().getDataPointsList(), resourceLabels);
                        case HISTOGRAM -> skipped += metric.getHistogram().getDataPointsCount();
                        case EXPONENTIAL_HISTOGRAM -> skipped += metric.getExponentialHistogram().getDataPointsCount();
                        case SUMMARY -> skipped += metric.getSummary().getDataPointsCount();
                        case DATA_NOT_SET -> { }
                    }
                }
            }
        }
        return new Result(points, skipped);
    }

    private static void addAll(List<Point> out, Metric metric, List<NumberDataPoint> dataPoints, TreeMap<String, String> resourceLabels) {
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
            out.add(new Point(metric.getName(), dp.getTimeUnixNano() / 1_000_000, value, metric.getUnit(), labels));
        }
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
