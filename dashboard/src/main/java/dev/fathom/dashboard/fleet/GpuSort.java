package dev.fathom.dashboard.fleet;

import java.util.Arrays;
import java.util.Optional;

/**
 * What the GPU grid can be sorted by, named by the grid's column keys. Sorting happens in
 * ClickHouse, so a sorted page of 10,000 GPUs costs what an unsorted one does.
 */
public enum GpuSort {
    /** Host, then GPU index: the grid's order when nothing else is picked. */
    HOST("host"),
    UTILIZATION("utilization"),
    MEMORY("memory"),
    POWER("power"),
    TEMPERATURE("temperature"),
    LAST_SEEN("lastSeen");

    /** The grid column's key (and sort property). */
    public final String column;

    GpuSort(String column) {
        this.column = column;
    }

    public static Optional<GpuSort> ofColumn(String column) {
        return Arrays.stream(values()).filter(s -> s.column.equals(column)).findFirst();
    }
}
