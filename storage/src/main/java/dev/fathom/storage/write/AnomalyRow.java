package dev.fathom.storage.write;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One row of {@code anomalies} (schema 012): a point the detector scored as anomalous, with the
 * range it expected. Labels sorted by key, as in {@code points}.
 */
public record AnomalyRow(
        long timeMillis,
        String metric,
        String host,
        long seriesId,
        SortedMap<String, String> labels,
        double value,
        double expectedLow,
        double expectedHigh,
        double score,
        String detector,
        long version) {

    public AnomalyRow {
        labels = new TreeMap<>(labels);
    }

    public static final RowFormat<AnomalyRow> FORMAT = new RowFormat<>() {
        @Override
        public String table() {
            return "anomalies";
        }

        @Override
        public List<String> columns() {
            return List.of("ts", "time_ms", "metric", "host", "series_id", "label_keys", "label_values", "value",
                    "expected_low", "expected_high", "score", "detector", "version");
        }

        @Override
        public void write(AnomalyRow r, RowBinaryOutput out) {
            out.dateTime(Math.floorDiv(r.timeMillis(), 1000)).int64(r.timeMillis()).string(r.metric()).string(r.host())
                    .int64(r.seriesId()).stringArray(r.labels().keySet(), r.labels().size())
                    .stringArray(r.labels().values(), r.labels().size()).float64(r.value()).float64(r.expectedLow())
                    .float64(r.expectedHigh()).float64(r.score()).string(r.detector()).int64(r.version());
        }
    };
}
