package dev.fathom.jobs.anomaly;

/**
 * The per-series state of {@link AnomalyDetector}: a Flink POJO (public no-argument constructor,
 * public fields of primitive types and primitive arrays), so Flink's PojoSerializer keeps it in
 * keyed state without Kryo. Its size is fixed by the detector's settings, whatever the series' length.
 */
public class DetectorState {

    /** Points seen. */
    public long count;
    /** Smallest and largest value seen. */
    public double min;
    public double max;
    /** The last values, a ring indexed by count. */
    public double[] recent;
    /** Per signal: a ring of its past raw values, with their running sum and sum of squares. */
    public double[] history;
    public double[] historySum;
    public double[] historySumSquares;
    /** Per signal: a ring of its last raw values, averaged before scoring. */
    public double[] shortTerm;
    public double[] shortTermSum;
    /** Per pattern kind: a hashed table of how often each quantised pattern was seen (decaying). */
    public float[] patternCounts;
    /** Per signal: its score at the last point (which signal fired). */
    public double[] signalScores;
    /** Point number (count) of the last alarm, or -1. */
    public long lastAlarm = -1;

    public DetectorState() {}
}
