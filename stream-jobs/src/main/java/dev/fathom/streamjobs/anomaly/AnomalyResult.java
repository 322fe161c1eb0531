package dev.fathom.streamjobs.anomaly;

/**
 * What the detector says about one point.
 *
 * @param score how anomalous the point is, in [0, 1]
 * @param alarm whether the detector raises an alarm at this point (its own threshold, warm-up and
 *     suppression applied)
 * @param expectedLow the low end of the range the detector expected the value in
 * @param expectedHigh the high end of that range
 */
public record AnomalyResult(double score, boolean alarm, double expectedLow, double expectedHigh) {}
