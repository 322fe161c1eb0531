package dev.fathom.collectors.drift;

import java.time.Instant;
import java.util.List;

/** A closed window of one model version compared with the model's reference profile. */
public record WindowResult(String model, String version, Instant opened, Instant closed, long rows,
        long referenceRows, List<ColumnDrift> columns) {

    /** Columns whose deciding method found drift. */
    public long driftedColumns() {
        return columns.stream().filter(ColumnDrift::drifted).count();
    }

    public ColumnDrift column(String name) {
        return columns.stream().filter(c -> c.column().equals(name)).findFirst().orElse(null);
    }
}
