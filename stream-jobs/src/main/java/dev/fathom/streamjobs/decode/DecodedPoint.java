package dev.fathom.streamjobs.decode;

import dev.fathom.model.Point;

/**
 * A point as decoded, before cumulative values become deltas and rates.
 *
 * @param point the point, units normalised
 * @param temporality gauge, cumulative or delta
 * @param monotonic whether a cumulative value may only grow (a drop then means a reset)
 * @param startTimeMillis OTLP's start time of the running total, 0 when not sent
 */
public record DecodedPoint(Point point, Temporality temporality, boolean monotonic, long startTimeMillis) {

    public static DecodedPoint gauge(Point point) {
        return new DecodedPoint(point, Temporality.GAUGE, false, 0);
    }
}
