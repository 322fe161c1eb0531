package dev.fathom.cli.bench.e2e;

import dev.fathom.model.Point;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.write.PointWriter;
import dev.fathom.storage.write.RowBinaryOutput;
import dev.fathom.storage.write.RowFormat;
import dev.fathom.storage.write.TableWriter;
import dev.fathom.streamjobs.decode.DecodedPoint;
import dev.fathom.streamjobs.decode.MalformedOtlpException;
import dev.fathom.streamjobs.decode.OtlpMetricsDecoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The ceiling: the same rows the pipeline stores (the generated OTLP records decoded by the
 * stream jobs' own decoder), encoded as RowBinary beforehand and inserted back to back into
 * {@code points} with all its materialized views, by one client as the points sink is one.
 * Only the inserts are timed, so this is what ClickHouse itself can take. Measured a second time
 * into a copy of {@code points} without views ({@link #NO_VIEWS_TABLE}), the difference is what
 * the rollup views cost per row.
 */
final class InsertCeiling {

    /** Rows/s inserted, the rows, and the seconds taken. */
    record Result(double rowsPerSecond, long rows, double seconds, java.util.Map<String, Double> cores) {}

    /** The copy of {@code points} (same columns, engine and order) with no view reading it. */
    static final String NO_VIEWS_TABLE = "points_no_views";

    private InsertCeiling() {}

    /** Creates {@link #NO_VIEWS_TABLE} next to {@code points}. */
    static void createTableWithoutViews(ClickHouseHttp clickhouse) {
        clickhouse.execute("CREATE TABLE IF NOT EXISTS " + NO_VIEWS_TABLE + " AS points");
    }

    static Result measure(ClickHouseHttp clickhouse, String table, GeneratedSeries series, int batchRows, int distinctBatches,
                          Duration length, ResourceSampler resources, BooleanSupplier stopRequested) throws MalformedOtlpException {
        OtlpRecords records = new OtlpRecords(series, 1000);
        OtlpMetricsDecoder decoder = new OtlpMetricsDecoder();
        List<byte[]> bodies = new ArrayList<>();
        long tick = System.currentTimeMillis();
        long n = 0;
        for (int b = 0; b < distinctBatches; b++) {
            List<Point> rows = new ArrayList<>(batchRows);
            for (OtlpRecords.Record record : records.records(n, n + batchRows, tick)) {
                for (DecodedPoint p : decoder.decode(record.value()).points()) {
                    rows.add(p.point());
                }
            }
            n += batchRows;
            tick += 15_000;
            bodies.add(new TableWriter<>(clickhouse, PointWriter.format(b + 1)).encode(rows));
        }
        // Rows carry non-zero batch ids, so the sink_batches view works as for the sink's batches;
        // sending a body again only adds to its id's count.
        TableWriter<Point> writer = new TableWriter<>(clickhouse, into(PointWriter.format(1), table), TableWriter.Retries.NONE);
        ResourceSampler.Snapshot before = resources.snapshot();
        long start = System.nanoTime();
        long end = start + length.toNanos();
        long inserted = 0;
        int i = 0;
        while (System.nanoTime() < end && !stopRequested.getAsBoolean()) {
            writer.insert(bodies.get(i % bodies.size()), batchRows, () -> false);
            inserted += batchRows;
            i++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        ResourceSampler.Snapshot after = resources.snapshot();
        return new Result(inserted / seconds, inserted, seconds, ResourceSampler.cores(before, after));
    }

    /** The points format, sent to another table with the same columns. */
    private static RowFormat<Point> into(RowFormat<Point> points, String table) {
        return new RowFormat<>() {
            @Override
            public String table() {
                return table;
            }

            @Override
            public List<String> columns() {
                return points.columns();
            }

            @Override
            public void write(Point row, RowBinaryOutput out) {
                points.write(row, out);
            }
        };
    }
}
