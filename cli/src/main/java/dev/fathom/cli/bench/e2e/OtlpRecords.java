package dev.fathom.cli.bench.e2e;

import dev.fathom.model.AttributeKeys;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.ArrayList;
import java.util.List;

/**
 * Kafka record values as the OpenTelemetry Collector's Kafka exporter writes them: one serialized
 * OTLP {@code ExportMetricsServiceRequest} per record, one {@code ResourceMetrics} per host with a
 * gauge per metric and a data point per GPU, at most {@code pointsPerRecord} points per record
 * (the Collector's batch processor sends 8,192 by default).
 */
final class OtlpRecords {

    private static final InstrumentationScope SCOPE = InstrumentationScope.newBuilder().setName("fathom-bench").build();

    private final GeneratedSeries series;
    private final int pointsPerRecord;
    private final KeyValue cluster = attribute(AttributeKeys.CLUSTER, GeneratedSeries.CLUSTER);
    private final KeyValue model = attribute(AttributeKeys.GPU_MODEL, GeneratedSeries.GPU_MODEL);

    OtlpRecords(GeneratedSeries series, int pointsPerRecord) {
        this.series = series;
        this.pointsPerRecord = pointsPerRecord;
    }

    int pointsPerRecord() {
        return pointsPerRecord;
    }

    /** The marker point of a tick: its own host, so it never shares a record's series with the fleet. */
    static ExportMetricsServiceRequest marker(long tickMillis) {
        NumberDataPoint point = NumberDataPoint.newBuilder().setTimeUnixNano(tickMillis * 1_000_000).setAsDouble(tickMillis).build();
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder()
                        .addAttributes(attribute(AttributeKeys.CLUSTER, GeneratedSeries.CLUSTER))
                        .addAttributes(attribute(AttributeKeys.HOST_NAME, "bench-marker")))
                .addScopeMetrics(ScopeMetrics.newBuilder().setScope(SCOPE).addMetrics(Metric.newBuilder()
                        .setName(GeneratedSeries.MARKER_METRIC).setUnit("ms")
                        .setGauge(Gauge.newBuilder().addDataPoints(point)))))
                .build();
    }

    /** Records holding points {@code from} (inclusive) to {@code to} (exclusive) of a tick at {@code tickMillis}. */
    List<byte[]> records(long from, long to, long tickMillis) {
        List<byte[]> records = new ArrayList<>();
        long n = from;
        while (n < to) {
            long end = Math.min(to, n + pointsPerRecord);
            records.add(request(n, end, tickMillis, from).toByteArray());
            n = end;
        }
        return records;
    }

    private ExportMetricsServiceRequest request(long from, long to, long tickMillis, long tickFirst) {
        ExportMetricsServiceRequest.Builder request = ExportMetricsServiceRequest.newBuilder();
        long n = from;
        while (n < to) {
            int host = GeneratedSeries.hostOf(series.seriesOf(n));
            // The points of this host in the range, grouped into one gauge per metric.
            Metric.Builder[] gauges = new Metric.Builder[GeneratedSeries.GAUGES.size()];
            while (n < to && GeneratedSeries.hostOf(series.seriesOf(n)) == host) {
                int s = series.seriesOf(n);
                int g = s % gauges.length;
                if (gauges[g] == null) {
                    GeneratedSeries.Gauge gauge = GeneratedSeries.GAUGES.get(g);
                    gauges[g] = Metric.newBuilder().setName(gauge.name()).setUnit(gauge.unit());
                }
                int gpu = GeneratedSeries.gpuOf(s);
                gauges[g].getGaugeBuilder().addDataPoints(NumberDataPoint.newBuilder()
                        .setTimeUnixNano(series.timeMillis(tickMillis, tickFirst, n) * 1_000_000)
                        .setAsDouble(GeneratedSeries.value(GeneratedSeries.GAUGES.get(g), n))
                        .addAttributes(attribute(AttributeKeys.GPU_INDEX, Integer.toString(gpu)))
                        .addAttributes(model)
                        .addAttributes(attribute(AttributeKeys.GPU_UUID, GeneratedSeries.gpuUuid(host, gpu))));
                n++;
            }
            ScopeMetrics.Builder scope = ScopeMetrics.newBuilder().setScope(SCOPE);
            for (Metric.Builder gauge : gauges) {
                if (gauge != null) {
                    scope.addMetrics(gauge);
                }
            }
            request.addResourceMetrics(ResourceMetrics.newBuilder()
                    .setResource(Resource.newBuilder().addAttributes(cluster)
                            .addAttributes(attribute(AttributeKeys.HOST_NAME, GeneratedSeries.hostName(host))))
                    .addScopeMetrics(scope));
        }
        return request.build();
    }

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }
}
