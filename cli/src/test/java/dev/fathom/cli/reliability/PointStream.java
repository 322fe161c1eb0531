package dev.fathom.cli.reliability;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The deterministic source of the suite's points: hosts of GPUs reporting {@code gpu.utilization}
 * (an integer percentage, so sums are exact) once a round, one OTLP request per host and round as
 * a collector sends them. Rounds are numbered across the whole run, so event time only moves
 * forward, as it does in a fleet; a round is {@link #STEP_MS} of event time.
 */
final class PointStream {

    static final long T0 = Instant.parse("2026-11-02T00:00:00Z").toEpochMilli();
    static final long STEP_MS = 1_000;
    static final String METRIC = "gpu.utilization";
    static final String MODEL = "NVIDIA H100 80GB HBM3";

    private long nextRound;

    /** One OTLP request: its body and, per point, what the ledger records once it is accepted. */
    record Request(String host, byte[] body, List<SentPoint> points) {}

    record SentPoint(String host, String gpu, long timeMillis, long value) {
        String series() {
            return host + "/" + gpu;
        }
    }

    static String gpuUuid(String host, int gpu) {
        return "GPU-" + host + "-" + gpu;
    }

    static long value(String host, int gpu, long round) {
        return Math.floorMod(host.hashCode() * 31L + gpu * 17L + round * 7L, 101);
    }

    /** The next round: one request per host, each with one point per GPU. */
    synchronized List<Request> nextRound(List<String> hosts, int gpus) {
        long round = nextRound++;
        List<Request> requests = new ArrayList<>();
        for (String host : hosts) {
            requests.add(request(host, gpus, round, 1));
        }
        return requests;
    }

    /** One request holding {@code rounds} consecutive rounds of one host (a sender catching up). */
    synchronized Request nextBatch(String host, int gpus, int rounds) {
        long first = nextRound;
        nextRound += rounds;
        return request(host, gpus, first, rounds);
    }

    synchronized long lastEventTime() {
        return T0 + (nextRound - 1) * STEP_MS;
    }

    private static Request request(String host, int gpus, long firstRound, int rounds) {
        List<SentPoint> sent = new ArrayList<>();
        Gauge.Builder gauge = Gauge.newBuilder();
        for (long round = firstRound; round < firstRound + rounds; round++) {
            long time = T0 + round * STEP_MS;
            for (int g = 0; g < gpus; g++) {
                long value = value(host, g, round);
                String uuid = gpuUuid(host, g);
                gauge.addDataPoints(NumberDataPoint.newBuilder()
                        .setTimeUnixNano(time * 1_000_000).setAsDouble(value)
                        .addAttributes(attr("gpu.index", Integer.toString(g)))
                        .addAttributes(attr("gpu.uuid", uuid))
                        .addAttributes(attr("gpu.model", MODEL)));
                sent.add(new SentPoint(host, uuid, time, value));
            }
        }
        ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder()
                        .setResource(Resource.newBuilder()
                                .addAttributes(attr("host.name", host))
                                .addAttributes(attr("cluster", "faults")))
                        .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(
                                Metric.newBuilder().setName(METRIC).setUnit("%").setGauge(gauge))))
                .build();
        return new Request(host, request.toByteArray(), sent);
    }

    private static KeyValue attr(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }
}
