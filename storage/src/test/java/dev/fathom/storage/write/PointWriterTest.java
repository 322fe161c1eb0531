package dev.fathom.storage.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.model.Point;
import dev.fathom.storage.ClickHouseTestDatabase;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PointWriterTest {

    @RegisterExtension
    static final ClickHouseExtension server = new ClickHouseExtension();

    static ClickHouseHttp clickhouse;
    static PointWriter writer;
    static final Instant T0 = Instant.parse("2026-11-29T12:00:00Z");

    @BeforeAll
    static void database() {
        clickhouse = ClickHouseTestDatabase.create(server, "point_writer_test");
        writer = new PointWriter(clickhouse);
    }

    static Point point(String metric, String host, Instant time, double value) {
        return new Point(metric, time.toEpochMilli(), value, "W", new TreeMap<>(Map.of("host.name", host, "gpu.uuid", "GPU-" + host, "ünïcode", "ключ")));
    }

    @Test
    void aBatchIsMarkedWrittenWithItsRowCountAndOtherBatchesAreNot() {
        List<Point> batch = List.of(point("batch.metric", "h1", T0, 1), point("batch.metric", "h1", T0.plusSeconds(15), 2),
                point("batch.metric", "h2", T0, 3));
        long batchId = 0xFEDC_BA98_7654_3210L; // above Long.MAX_VALUE as unsigned

        assertThat(writer.isBatchWritten(batchId)).isFalse();
        writer.write(batchId, batch);

        assertThat(writer.isBatchWritten(batchId)).isTrue();
        assertThat(writer.writtenRows(batchId)).isEqualTo(3);
        assertThat(writer.isBatchWritten(batchId + 1)).isFalse();
        assertThat(clickhouse.queryLong("SELECT count() FROM points WHERE batch_id = " + Long.toUnsignedString(batchId))).isEqualTo(3);
    }

    /**
     * ClickHouse commits the points part before the views' parts: a server killed in between leaves
     * rows without their sink_batches marker. Detaching the marker's view makes that state; the
     * batch must still count as written (once), and get its marker.
     */
    @Test
    void rowsThatLandedWithoutTheirMarkerCountAsWrittenAndGetTheirMarker() {
        List<Point> batch = List.of(point("unmarked.metric", "h1", T0, 1), point("unmarked.metric", "h2", T0, 2));
        long batchId = 0x1234_5678_9ABC_DEF0L;
        clickhouse.execute("DETACH TABLE sink_batches_mv");
        try {
            new TableWriter<>(clickhouse, PointWriter.format(batchId)).write(batch);
        } finally {
            clickhouse.execute("ATTACH TABLE sink_batches_mv");
        }
        assertThat(clickhouse.queryLong("SELECT count() FROM sink_batches WHERE batch_id = " + Long.toUnsignedString(batchId))).isZero();

        assertThat(writer.write(batchId, batch)).isFalse();

        assertThat(clickhouse.queryLong("SELECT count() FROM points WHERE batch_id = " + Long.toUnsignedString(batchId))).isEqualTo(2);
        assertThat(clickhouse.queryLong("SELECT sum(row_count) FROM sink_batches WHERE batch_id = " + Long.toUnsignedString(batchId)))
                .isEqualTo(2);
    }

    @Test
    void labelsTimesAndValuesRoundTripThroughRowBinary() {
        writer.write(List.of(point("roundtrip.metric", "höst-1", Instant.ofEpochMilli(T0.toEpochMilli() + 123), -0.5)));

        JsonNode row = clickhouse.query("SELECT host, toUInt32(ts) AS ts, time_ms, value, unit, label_keys, label_values, series_id, batch_id FROM points WHERE metric = 'roundtrip.metric'").get(0);
        Point expected = point("roundtrip.metric", "höst-1", T0, 0);
        assertThat(row.get("host").asText()).isEqualTo("höst-1");
        assertThat(row.get("ts").asLong()).isEqualTo(T0.getEpochSecond());
        assertThat(row.get("time_ms").asLong()).isEqualTo(T0.toEpochMilli() + 123);
        assertThat(row.get("value").asDouble()).isEqualTo(-0.5);
        assertThat(row.get("label_keys").toString()).isEqualTo("[\"gpu.uuid\",\"host.name\",\"ünïcode\"]");
        assertThat(row.get("label_values").toString()).isEqualTo("[\"GPU-höst-1\",\"höst-1\",\"ключ\"]");
        assertThat(row.get("series_id").asText()).isEqualTo(Long.toUnsignedString(expected.seriesId()));
        assertThat(row.get("batch_id").asLong()).isZero();
    }

    @Test
    void rollupsKeepMinMaxSumCountAndTheLastValuePerMinuteAndHour() {
        writer.write(List.of(
                point("rollup.metric", "r1", T0, 5),
                point("rollup.metric", "r1", T0.plusSeconds(45), 1), // last in minute 0
                point("rollup.metric", "r1", T0.plusSeconds(30), 9),
                point("rollup.metric", "r1", T0.plusSeconds(61), 2)));
        writer.write(List.of(point("rollup.metric", "r1", T0.plusSeconds(50), 7))); // a later batch, same minute

        List<JsonNode> minutes = clickhouse.query("""
                SELECT toUInt32(ts) AS t, minMerge(min_value) AS mn, maxMerge(max_value) AS mx, sumMerge(sum_value) AS s,
                       countMerge(count_value) AS c, argMaxMerge(last_value) AS last, any(unit) AS unit, any(label_keys) AS keys
                FROM points_1m WHERE metric = 'rollup.metric' GROUP BY metric, host, series_id, ts ORDER BY t""");
        assertThat(minutes).hasSize(2);
        JsonNode m0 = minutes.get(0);
        assertThat(m0.get("t").asLong()).isEqualTo(T0.getEpochSecond());
        assertThat(m0.get("mn").asDouble()).isEqualTo(1);
        assertThat(m0.get("mx").asDouble()).isEqualTo(9);
        assertThat(m0.get("s").asDouble()).isEqualTo(22);
        assertThat(m0.get("c").asLong()).isEqualTo(4);
        assertThat(m0.get("last").asDouble()).isEqualTo(7);
        assertThat(m0.get("unit").asText()).isEqualTo("W");
        assertThat(m0.get("keys").size()).isEqualTo(3);

        JsonNode hour = clickhouse.query("""
                SELECT countMerge(count_value) AS c, sumMerge(sum_value) AS s, argMaxMerge(last_value) AS last
                FROM points_1h WHERE metric = 'rollup.metric' GROUP BY metric, host, series_id, ts""").get(0);
        assertThat(hour.get("c").asLong()).isEqualTo(5);
        assertThat(hour.get("s").asDouble()).isEqualTo(24);
        assertThat(hour.get("last").asDouble()).isEqualTo(2);
    }

    @Test
    void batchIdZeroIsRefused() {
        assertThatThrownBy(() -> writer.write(0, List.of(point("m", "h", T0, 1)))).hasMessageContaining("non-zero");
    }

    @Test
    void aRowThatCannotBeEncodedBreaksOffTheStreamedBatchAndNothingOfItIsWritten() {
        // Rows are encoded while the request is sent: by the bad row, megabytes have reached the server.
        List<Point> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            batch.add(point("broken.metric", "h" + (i % 50), T0.plusSeconds(i), i));
        }
        batch.add(point("broken.metric", "h1", Instant.ofEpochSecond(-5), 0)); // before 1970: no DateTime for it

        assertThatThrownBy(() -> writer.write(77, batch))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside ClickHouse's DateTime range");
        assertThat(clickhouse.queryLong("SELECT count() FROM points WHERE metric = 'broken.metric'")).isZero();
        assertThat(writer.isBatchWritten(77)).isFalse();

        writer.write(77, batch.subList(0, 30_000)); // the good rows still go in whole, once
        assertThat(clickhouse.queryLong("SELECT count() FROM points WHERE metric = 'broken.metric'")).isEqualTo(30_000);
    }

    @Test
    void aBatchBrokenOffAfterTheServerHasReadEveryRowSentStillWritesNothing() {
        // The bad row takes its time: by then the server has read every chunk before it, so only
        // the way the body ends can keep the rows already sent out of the table.
        RowFormat<Point> points = PointWriter.format(0);
        RowFormat<Point> slowToFail = new RowFormat<>() {
            @Override
            public String table() {
                return points.table();
            }

            @Override
            public List<String> columns() {
                return points.columns();
            }

            @Override
            public void write(Point p, RowBinaryOutput out) {
                if (p.timeMillis() < 0) {
                    try {
                        Thread.sleep(1_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                points.write(p, out);
            }
        };
        List<Point> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            batch.add(point("slow.broken.metric", "h" + (i % 50), T0.plusSeconds(i), i));
        }
        batch.add(point("slow.broken.metric", "h1", Instant.ofEpochSecond(-5), 0));

        assertThatThrownBy(() -> new TableWriter<>(clickhouse, slowToFail, TableWriter.Retries.NONE).write(batch))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(clickhouse.queryLong("SELECT count() FROM points WHERE metric = 'slow.broken.metric'")).isZero();
    }
}
