package dev.fathom.streamjobs.anomaly;

import java.util.List;

/**
 * An alarm of the detector on one point of one series, with what it takes to act on it: the
 * series (metric, identity, labels), the value, the range the detector expected and the score.
 *
 * @param signal which of the detector's signals scored highest ({@link AnomalyDetector#SIGNAL_NAMES})
 */
public record AnomalyAlarm(String metric, long seriesId, List<String> labelKeys, List<String> labelValues,
        long timeMillis, double value, double expectedLow, double expectedHigh, double score, String signal) {}
