package dev.fathom.storage.write;

import java.time.Instant;
import java.util.List;

/** One row of {@code drift_results} (schema 013): a window's drift statistic against its threshold. */
public record DriftResultRow(
        Instant time,
        String model,
        String modelVersion,
        String feature,
        String method,
        double value,
        double threshold,
        boolean drifted,
        long sampleSize,
        long referenceSize,
        long version) {

    public static final RowFormat<DriftResultRow> FORMAT = new RowFormat<>() {
        @Override
        public String table() {
            return "drift_results";
        }

        @Override
        public List<String> columns() {
            return List.of("ts", "model", "model_version", "feature", "method", "value", "threshold", "drifted",
                    "sample_size", "reference_size", "version");
        }

        @Override
        public void write(DriftResultRow r, RowBinaryOutput out) {
            out.dateTime(r.time().getEpochSecond()).string(r.model()).string(r.modelVersion()).string(r.feature())
                    .string(r.method()).float64(r.value()).float64(r.threshold()).uint8(r.drifted() ? 1 : 0)
                    .int64(r.sampleSize()).int64(r.referenceSize()).int64(r.version());
        }
    };
}
