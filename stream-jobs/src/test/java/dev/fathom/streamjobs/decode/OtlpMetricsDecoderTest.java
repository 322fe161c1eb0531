package dev.fathom.streamjobs.decode;

import static dev.fathom.streamjobs.OtlpRequests.attr;
import static dev.fathom.streamjobs.OtlpRequests.cumulativeSum;
import static dev.fathom.streamjobs.OtlpRequests.doublePoint;
import static dev.fathom.streamjobs.OtlpRequests.gauge;
import static dev.fathom.streamjobs.OtlpRequests.intPoint;
import static dev.fathom.streamjobs.OtlpRequests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.model.Point;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtlpMetricsDecoderTest {

    private final OtlpMetricsDecoder decoder = new OtlpMetricsDecoder();

    @Test
    void gaugesAndSumsBecomePointsWithResourceAndPointAttributesMerged() throws Exception {
        byte[] payload = request(List.of(attr("host.name", "n1"), attr("cluster", "c"), attr("gpu.index", "resource-loses")),
                gauge("gpu.utilization", "1", doublePoint(1_000, 0.25, attr("gpu.index", "3"), attr("gpu.uuid", "GPU-x"))),
                cumulativeSum("system.network.io", "By", intPoint(2_000, 123_456, attr("device", "eth0"), attr("direction", "receive"))))
                .toByteArray();

        OtlpMetricsDecoder.Result result = decoder.decode(payload);

        assertThat(result.skippedDataPoints()).isZero();
        assertThat(result.points()).extracting(DecodedPoint::temporality).containsExactly(Temporality.GAUGE, Temporality.CUMULATIVE);
        assertThat(result.points()).extracting(DecodedPoint::point).containsExactly(
                new Point("gpu.utilization", 1_000, 0.25, "1",
                        new java.util.TreeMap<>(Map.of("host.name", "n1", "cluster", "c", "gpu.index", "3", "gpu.uuid", "GPU-x"))),
                new Point("system.network.io", 2_000, 123_456, "By",
                        new java.util.TreeMap<>(Map.of("host.name", "n1", "cluster", "c", "gpu.index", "resource-loses",
                                "device", "eth0", "direction", "receive"))));
    }

    @Test
    void missingValuesProduceNoPoint() throws Exception {
        NumberDataPoint noRecordedValue = doublePoint(1_000, 5).toBuilder().setFlags(1).build();
        byte[] payload = request(List.of(attr("host.name", "n1")),
                gauge("gpu.temperature", "Cel", doublePoint(1_000, Double.NaN), noRecordedValue, doublePoint(2_000, 60)))
                .toByteArray();

        assertThat(decoder.decode(payload).points()).extracting(p -> p.point().value()).containsExactly(60.0);
    }

    @Test
    void histogramsBecomeCumulativeBucketsCountAndSumInSeconds() throws Exception {
        Metric histogram = Metric.newBuilder().setName("http.server.duration").setUnit("ms").setHistogram(Histogram.newBuilder()
                .setAggregationTemporality(io.opentelemetry.proto.metrics.v1.AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                .addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(5_000_000_000L).setStartTimeUnixNano(1_000_000_000L)
                        .setCount(10).setSum(1234.5)
                        .addAllExplicitBounds(List.of(0.1, 100.0, 250.0))
                        .addAllBucketCounts(List.of(1L, 6L, 2L, 1L)))).build();
        byte[] payload = request(List.of(attr("host.name", "n1")), histogram).toByteArray();

        OtlpMetricsDecoder.Result result = decoder.decode(payload);

        assertThat(result.skippedDataPoints()).isZero();
        assertThat(result.points()).allSatisfy(p -> {
            assertThat(p.temporality()).isEqualTo(Temporality.CUMULATIVE);
            assertThat(p.startTimeMillis()).isEqualTo(1_000);
        });
        assertThat(result.points()).extracting(p -> p.point().metric() + "{le=" + p.point().label("le") + "}=" + p.point().value())
                .containsExactly(
                        "http.server.duration.bucket{le=0.0001}=1.0",
                        "http.server.duration.bucket{le=0.1}=7.0",
                        "http.server.duration.bucket{le=0.25}=9.0",
                        "http.server.duration.bucket{le=+Inf}=10.0",
                        "http.server.duration.count{le=}=10.0",
                        "http.server.duration.sum{le=}=1.2345");
        assertThat(result.points().get(5).point().unit()).isEqualTo("s");
    }

    @Test
    void unitsAreNormalisedOnce() throws Exception {
        byte[] payload = request(List.of(attr("host.name", "n1")),
                gauge("fan.speed", "%", doublePoint(1_000, 42)),
                gauge("mem.free", "KiBy", doublePoint(1_000, 2)),
                gauge("queue.wait", "ms", doublePoint(1_000, 250)),
                gauge("rx", "MBy/s", doublePoint(1_000, 3)))
                .toByteArray();

        assertThat(decoder.decode(payload).points()).extracting(p -> p.point().unit() + "=" + p.point().value())
                .containsExactly("1=0.42", "By=2048.0", "s=0.25", "By/s=3000000.0");
    }

    @Test
    void garbageIsRejectedWithAReason() {
        assertThatThrownBy(() -> decoder.decode("this is not protobuf".getBytes()))
                .isInstanceOf(MalformedOtlpException.class)
                .hasMessageContaining("not an OTLP ExportMetricsServiceRequest");
    }

    @Test
    void nonStringAttributesBecomeText() {
        assertThat(OtlpMetricsDecoder.text(attr("k", 42L).getValue())).isEqualTo("42");
    }

    @Test
    void aHistogramDataPointWithANaNBoundIsSkippedAndCountedTheRestStays() throws Exception {
        Metric histogram = Metric.newBuilder().setName("h").setHistogram(Histogram.newBuilder()
                .addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(1_000_000).addExplicitBounds(Double.NaN)
                        .addBucketCounts(0).addBucketCounts(0))).build();
        OtlpMetricsDecoder.Result result = new OtlpMetricsDecoder().decode(
                request(List.of(attr("host.name", "n1")), histogram, gauge("g", "1", doublePoint(1, 5))).toByteArray());
        assertThat(result.points()).extracting(p -> p.point().metric()).containsExactly("g");
        assertThat(result.skippedDataPoints()).isEqualTo(1);
    }

    @Test
    void aNaNHistogramSumIsAMissingValue() throws Exception {
        Metric histogram = Metric.newBuilder().setName("h").setHistogram(Histogram.newBuilder()
                .addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(1_000_000).setCount(3).setSum(Double.NaN)
                        .addBucketCounts(3))).build();
        List<String> metrics = new OtlpMetricsDecoder().decode(request(List.of(attr("host.name", "n1")), histogram).toByteArray())
                .points().stream().map(p -> p.point().metric()).toList();
        assertThat(metrics).contains("h.count", "h.bucket").doesNotContain("h.sum");
    }
}
