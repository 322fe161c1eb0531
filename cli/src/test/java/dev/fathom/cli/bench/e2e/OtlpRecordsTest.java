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

    List<Point> decode(List<byte[]> records) throws Exception {
        List<Point> points = new ArrayList<>();
        for (byte[] record : records) {
            for (DecodedPoint p : decoder.decode(record).points()) {
                points.add(p.point());
            }
        }
        return points;
    }

    @Test
    void aRangeBecomesRecordsOfAtMostTheGivenSizeHoldingEveryPointOnce() throws Exception {
        OtlpRecords records = new OtlpRecords(series, 50);

        List<byte[]> values = records.records(10, 210, 1_700_000_000_000L);
        List<Point> points = decode(values);

        assertThat(values).hasSize(4);
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
        List<Point> points = decode(List.of(OtlpRecords.marker(1_700_000_000_123L).toByteArray()));

        assertThat(points).hasSize(1);
        assertThat(points.get(0).metric()).isEqualTo(GeneratedSeries.MARKER_METRIC);
        assertThat(points.get(0).timeMillis()).isEqualTo(1_700_000_000_123L);
    }

    @Test
    void seriesMustBeWholeHosts() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new GeneratedSeries(100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiple of 32");
    }
}
