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
 *
 * <p>The load must cost little beside the pipeline it measures, so a whole host's
 * {@code ResourceMetrics} is encoded once ({@link HostTemplates}) and each tick only copies it
 * and writes the points' times and values in place: both are fixed-width protobuf fields
 * (fixed64, double). The result is the same bytes the protobuf builders would produce.
 */
final class OtlpRecords {

    private static final InstrumentationScope SCOPE = InstrumentationScope.newBuilder().setName("fathom-bench").build();

    private final GeneratedSeries series;
    private final int pointsPerRecord;
    private final KeyValue cluster = attribute(AttributeKeys.CLUSTER, GeneratedSeries.CLUSTER);
    private final KeyValue model = attribute(AttributeKeys.GPU_MODEL, GeneratedSeries.GPU_MODEL);

    private final HostTemplates templates;

    OtlpRecords(GeneratedSeries series, int pointsPerRecord) {
        this.series = series;
        this.pointsPerRecord = pointsPerRecord;
        this.templates = new HostTemplates(series.hosts());
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

    /** One Kafka record value and the points it holds. */
    record Record(byte[] value, int points) {}

    /**
     * Records holding points {@code from} (inclusive) to {@code to} (exclusive) of a tick at
     * {@code tickMillis}; a record ends after the host that brings it to {@code pointsPerRecord}.
     */
    List<Record> records(long from, long to, long tickMillis) {
        List<Record> records = new ArrayList<>();
        Buffer record = new Buffer(pointsPerRecord * 160);
        int points = 0;
        long n = from;
        while (n < to) {
            int s = series.seriesOf(n);
            int inHost = s % GeneratedSeries.SERIES_PER_HOST;
            if (inHost == 0 && to - n >= GeneratedSeries.SERIES_PER_HOST) {
                templates.append(GeneratedSeries.hostOf(s), n, from, tickMillis, record);
                n += GeneratedSeries.SERIES_PER_HOST;
                points += GeneratedSeries.SERIES_PER_HOST;
            } else {
                // A host cut by the range's ends: encoded the slow way, it is at most two per tick.
                long end = Math.min(to, n + GeneratedSeries.SERIES_PER_HOST - inHost);
                for (ResourceMetrics rm : request(n, end, tickMillis, from).getResourceMetricsList()) {
                    record.field(1, rm.toByteArray());
                }
                points += (int) (end - n);
                n = end;
            }
            if (points >= pointsPerRecord) {
                records.add(new Record(record.toByteArray(), points));
                record.reset();
                points = 0;
            }
        }
        if (points > 0) {
            records.add(new Record(record.toByteArray(), points));
        }
        return records;
    }

    ExportMetricsServiceRequest request(long from, long to, long tickMillis, long tickFirst) {
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

    /** A growable byte array with protobuf length-delimited fields appended. */
    static final class Buffer {
        private byte[] bytes;
        private int size;

        Buffer(int capacity) {
            bytes = new byte[Math.max(64, capacity)];
        }

        void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        /** Appends field {@code number} (length-delimited) holding {@code value}. */
        void field(int number, byte[] value) {
            ensure(value.length + 16);
            bytes[size++] = (byte) (number << 3 | 2);
            int length = value.length;
            while ((length & ~0x7F) != 0) {
                bytes[size++] = (byte) ((length & 0x7F) | 0x80);
                length >>>= 7;
            }
            bytes[size++] = (byte) length;
            System.arraycopy(value, 0, bytes, size, value.length);
            size += value.length;
        }

        /** Appends raw bytes and returns where they start. */
        int raw(byte[] value) {
            ensure(value.length);
            int at = size;
            System.arraycopy(value, 0, bytes, size, value.length);
            size += value.length;
            return at;
        }

        byte[] array() {
            return bytes;
        }

        void reset() {
            size = 0;
        }

        byte[] toByteArray() {
            return java.util.Arrays.copyOf(bytes, size);
        }
    }

    /**
     * Each host's encoded {@code ResourceMetrics} (as request field 1, tag and length included)
     * with sentinel times and values, and where in it each series' time and value sit.
     */
    final class HostTemplates {
        private static final java.lang.invoke.VarHandle LONG_LE = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
                long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
        private static final long TIME_SENTINEL = 0x7E57_0000_0000_0000L;
        private static final long VALUE_SENTINEL = 0x4F00_0000_0000_0000L;

        private final byte[][] hostBytes;
        private final int[] timeOffset = new int[GeneratedSeries.SERIES_PER_HOST];
        private final int[] valueOffset = new int[GeneratedSeries.SERIES_PER_HOST];

        HostTemplates(int hosts) {
            hostBytes = new byte[hosts][];
            for (int h = 0; h < hosts; h++) {
                hostBytes[h] = encode(h);
            }
            // Host names differ in length (gpu-node-9, gpu-node-10), so each template has its own offsets.
            offsets = new int[hosts][];
            for (int h = 0; h < hosts; h++) {
                offsets[h] = locate(hostBytes[h]);
            }
        }

        private final int[][] offsets;

        private byte[] encode(int host) {
            ResourceMetrics.Builder rm = ResourceMetrics.newBuilder()
                    .setResource(Resource.newBuilder().addAttributes(cluster)
                            .addAttributes(attribute(AttributeKeys.HOST_NAME, GeneratedSeries.hostName(host))));
            ScopeMetrics.Builder scope = ScopeMetrics.newBuilder().setScope(SCOPE);
            for (int g = 0; g < GeneratedSeries.GAUGES.size(); g++) {
                GeneratedSeries.Gauge gauge = GeneratedSeries.GAUGES.get(g);
                Metric.Builder metric = Metric.newBuilder().setName(gauge.name()).setUnit(gauge.unit());
                for (int gpu = 0; gpu < GeneratedSeries.GPUS_PER_HOST; gpu++) {
                    int k = gpu * GeneratedSeries.GAUGES.size() + g;
                    metric.getGaugeBuilder().addDataPoints(NumberDataPoint.newBuilder()
                            .setTimeUnixNano(TIME_SENTINEL + k)
                            .setAsDouble(Double.longBitsToDouble(VALUE_SENTINEL + k))
                            .addAttributes(attribute(AttributeKeys.GPU_INDEX, Integer.toString(gpu)))
                            .addAttributes(model)
                            .addAttributes(attribute(AttributeKeys.GPU_UUID, GeneratedSeries.gpuUuid(host, gpu))));
                }
                scope.addMetrics(metric);
            }
            Buffer b = new Buffer(8192);
            b.field(1, rm.addScopeMetrics(scope).build().toByteArray());
            return b.toByteArray();
        }

        /** Offsets of series k's time at [k] and value at [32 + k]. */
        private int[] locate(byte[] template) {
            int per = GeneratedSeries.SERIES_PER_HOST;
            int[] at = new int[2 * per];
            java.util.Arrays.fill(at, -1);
            for (int i = 0; i + 8 <= template.length; i++) {
                long v = (long) LONG_LE.get(template, i);
                long k = v - TIME_SENTINEL;
                if (k >= 0 && k < per) {
                    at[(int) k] = i;
                }
                k = v - VALUE_SENTINEL;
                if (k >= 0 && k < per) {
                    at[per + (int) k] = i;
                }
            }
            for (int x : at) {
                if (x < 0) {
                    throw new IllegalStateException("a host template lacks a sentinel; the encoding changed");
                }
            }
            return at;
        }

        /** Appends host {@code host}'s points {@code n} to {@code n + 32} with their times and values. */
        void append(int host, long n, long tickFirst, long tickMillis, Buffer out) {
            int base = out.raw(hostBytes[host]);
            byte[] bytes = out.array();
            int[] at = offsets[host];
            int per = GeneratedSeries.SERIES_PER_HOST;
            for (int k = 0; k < per; k++) {
                long point = n + k;
                LONG_LE.set(bytes, base + at[k], series.timeMillis(tickMillis, tickFirst, point) * 1_000_000);
                LONG_LE.set(bytes, base + at[per + k], Double.doubleToRawLongBits(
                        GeneratedSeries.value(GeneratedSeries.gaugeOf(k), point)));
            }
        }
    }

    private static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }
}
