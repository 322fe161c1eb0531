package dev.fathom.cli.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.model.Point;
import dev.fathom.streamjobs.decode.DecodedPoint;
import dev.fathom.streamjobs.decode.OtlpMetricsDecoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The load's Kafka records, read back by the stream jobs' own OTLP decoder. */
class OtlpRecordsTest {

    final GeneratedSeries series = new GeneratedSeries(64);
    final OtlpMetricsDecoder decoder = new OtlpMetricsDecoder();

    List<Point> decode(List<OtlpRecords.Record> records) throws Exception {
        List<Point> points = new ArrayList<>();
        for (OtlpRecords.Record record : records) {
            List<DecodedPoint> decoded = decoder.decode(record.value()).points();
            assertThat(decoded).hasSize(record.points());
            for (DecodedPoint p : decoded) {
                points.add(p.point());
            }
        }
        return points;
    }

    @Test
    void aRangeBecomesRecordsOfAtMostTheGivenSizeHoldingEveryPointOnce() throws Exception {
        OtlpRecords records = new OtlpRecords(series, 50);

        List<OtlpRecords.Record> values = records.records(10, 210, 1_700_000_000_000L);
        List<Point> points = decode(values);

        // A record ends after the host that brings it to 50 points: at most 50 + 31.
        assertThat(values).allSatisfy(r -> assertThat(r.points()).isBetween(1, 81));
        assertThat(points).hasSize(200);
        // 200 points over 64 series: series 10.. wrap around 3 times; each series' times only grow.
        Map<Long, Long> lastTime = new HashMap<>();
        for (Point p : points) {
            Long before = lastTime.put(p.seriesId(), p.timeMillis());
            if (before != null) {
                assertThat(p.timeMillis()).isGreaterThan(before);
            }
        }
        assertThat(lastTime).hasSize(64);
    }

    @Test
    void aPointCarriesItsHostAndGpuAsLabels() throws Exception {
        OtlpRecords records = new OtlpRecords(series, 1000);

        // Point 35 is series 35: host 1, GPU 0, the fourth gauge (temperature).
        Point p = decode(records.records(35, 36, 1_700_000_000_000L)).get(0);

        assertThat(p.metric()).isEqualTo("gpu.temperature");
        assertThat(p.timeMillis()).isEqualTo(1_700_000_000_000L);
        assertThat(p.labels()).containsEntry("host.name", "gpu-node-1").containsEntry("gpu.index", "0")
                .containsEntry("gpu.uuid", GeneratedSeries.gpuUuid(1, 0)).containsEntry("cluster", "bench")
                .containsEntry("gpu.model", GeneratedSeries.GPU_MODEL);
        assertThat(p.value()).isEqualTo(GeneratedSeries.value(GeneratedSeries.GAUGES.get(3), 35));
    }

    @Test
    void theMarkerIsOnePointStampedWithItsTick() throws Exception {
        List<Point> points = decode(List.of(new OtlpRecords.Record(OtlpRecords.marker(1_700_000_000_123L).toByteArray(), 1)));

        assertThat(points).hasSize(1);
        assertThat(points.get(0).metric()).isEqualTo(GeneratedSeries.MARKER_METRIC);
        assertThat(points.get(0).timeMillis()).isEqualTo(1_700_000_000_123L);
    }

    @Test
    void wholeHostsCopiedFromTheTemplateEqualTheProtobufBuildersOutput() throws Exception {
        GeneratedSeries big = new GeneratedSeries(32 * 12);
        OtlpRecords records = new OtlpRecords(big, 100);
        long tick = 1_700_000_000_000L;

        // From 5 to 1,000: a cut host at each end, whole hosts between, and passes over all series.
        List<OtlpRecords.Record> fast = records.records(5, 1000, tick);
        List<DecodedPoint> slow = decoder.decode(records.request(5, 1000, tick, 5).toByteArray()).points();

        List<Point> fastPoints = decode(fast);
        assertThat(fastPoints).containsExactlyInAnyOrderElementsOf(slow.stream().map(DecodedPoint::point).toList());
        assertThat(fast.stream().mapToInt(OtlpRecords.Record::points).sum()).isEqualTo(995);
    }

    @Test
    void seriesMustBeWholeHosts() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new GeneratedSeries(100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiple of 32");
    }
}
