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
        assertThat(result.points()).containsExactly(
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

        assertThat(decoder.decode(payload).points()).extracting(Point::value).containsExactly(60.0);
    }

    @Test
    void histogramsAreCountedAsSkipped() throws Exception {
        Metric histogram = Metric.newBuilder().setName("latency").setHistogram(Histogram.newBuilder()
                .addDataPoints(HistogramDataPoint.newBuilder().setCount(3))
                .addDataPoints(HistogramDataPoint.newBuilder().setCount(4))).build();
        byte[] payload = request(List.of(attr("host.name", "n1")), histogram).toByteArray();

        OtlpMetricsDecoder.Result result = decoder.decode(payload);
        assertThat(result.points()).isEmpty();
        assertThat(result.skippedDataPoints()).isEqualTo(2);
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
}
