package dev.fathom.streamjobs.anomaly;

/**
 * The per-series state of {@link AnomalyDetector}: a Flink POJO (public no-argument constructor,
 * public fields of primitive types and primitive arrays), so Flink's PojoSerializer keeps it in
 * keyed state without Kryo. Its size is fixed by the detector's settings, however long the series:
 * about 24 KB with the default settings, mostly the signals' histories.
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
    public float[] history;
    public double[] historySum;
    public double[] historySumSquares;
    /** Per signal: a ring of its last raw values, averaged before scoring, and their sum. */
    public float[] shortTerm;
    public double[] shortTermSum;
    /** Per level table (three level signals, then one per hour of the day): decaying counts per level. */
    public float[] levelCounts;
    /** The weight a new level count gets now; counts are divided by it when read. */
    public double levelWeight = 1.0;
    /** Per signal: its score at the last point, to tell which signal fired. */
    public double[] signalScores;
    /** Whether the last point was beyond the range seen so far (a spatial anomaly, score 1). */
    public boolean beyondRange;
    /** How far recent alarms have raised the alarm threshold (decays back to 0). */
    public double thresholdBoost;
    /** Point number (count) of the last alarm, or -1. */
    public long lastAlarm = -1;
    /** Time (epoch milliseconds) of the last alarm, and of the series' first point. */
    public long lastAlarmTime;
    public long firstTime;
    /** Points in a row whose score reached the (raised) threshold, up to this one. */
    public int pointsAboveThreshold;

    public DetectorState() {}
}
