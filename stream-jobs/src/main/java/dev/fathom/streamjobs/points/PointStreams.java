package dev.fathom.streamjobs.points;

import dev.fathom.model.Point;
import java.util.function.BiFunction;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The job's points as the two streams they travel in: gauges, still in the task that decoded them,
 * and sums with their deltas and rates, from the keyed counter step. A stage applies its first,
 * narrowing steps to each stream where it is, so only the points it keeps cross the network to its
 * own keyed step (a union before the filter would ship every point to a separate filter task).
 *
 * @param gauges gauge points, chained to the decoding operator
 * @param sums sums as sent plus their {@code .delta} and {@code .rate} points
 */
public record PointStreams(DataStream<Point> gauges, DataStream<Point> sums) {

    /** Uid and name suffix of the steps applied to {@link #sums}; the gauge steps keep the stage's plain uid. */
    public static final String SUMS_SUFFIX = "-sums";

    /**
     * {@code path} applied to each stream (with suffix "" for gauges and {@link #SUMS_SUFFIX} for
     * sums, to make each step's uid unique), the two results as one stream.
     */
    public <R> DataStream<R> each(BiFunction<DataStream<Point>, String, DataStream<R>> path) {
        return path.apply(gauges, "").union(path.apply(sums, SUMS_SUFFIX));
    }
}
