package dev.fathom.streamjobs.anomaly;

import java.io.Serializable;
import java.util.List;

/**
 * A streaming anomaly detector for one series, fed point by point in time order (no look-ahead).
 *
 * <p>Method (docs/anomalies.md has the reasoning and the NAB figures): five raw signals per point,
 * each in [0, 1], go through Numenta's anomaly likelihood: the signal's average over the last
 * {@code shortLength} points is compared with the Gaussian fitted to its last
 * {@code historyLength} points, and the tail probability becomes a log-scaled score in [0, 1]
 * (1 at a tail of 1e-10). The signals:
 * <ol>
 *   <li>step: |value - previous value| as a share of the range seen so far;</li>
 *   <li>level rarity of the value, of the mean of the last 4 and of the last 16 values: the range
 *       seen so far is cut into {@code levels} levels, and a level seen c times lately scores
 *       1 / (1 + c) (counts fade with a half-life of {@code patternMemory} points);</li>
 *   <li>time-of-day level rarity: the same for the mean of the last 12 values within its
 *       hour of the (UTC) day, for daily patterns.</li>
 * </ol>
 * A value beyond the range seen so far by more than {@code spatialTolerance} of it scores 1
 * (Numenta's "spatial anomaly"). The point's score is the largest of these. An alarm is raised when
 * the score has stayed at or above the threshold for {@code persistence} points in a row (a spatial
 * anomaly at once), after the warm-up, outside the suppression period of the previous alarm
 * ({@code suppression} points and {@code suppressionShare} of the time elapsed since the series'
 * first point); each alarm raises the series' threshold by {@code alarmBoost}, decaying with
 * half-life {@code alarmBoostHalfLife} points, so a restless series alarms less.
 *
 * <p>The detector holds only settings and is shared by all series; each series' state lives in a
 * {@link DetectorState} of fixed size.
 */
public final class AnomalyDetector implements Serializable {

    private static final long serialVersionUID = 1L;

    static final int SIGNALS = 5;
    /** Names of the signals, in {@link DetectorState#signalScores} order; "range" is the spatial anomaly. */
    public static final List<String> SIGNAL_NAMES =
            List.of("step", "level", "level-4-mean", "level-16-mean", "level-at-hour-of-day");
    static final int STEP = 0;
    /** Mean lengths of the level-rarity signals 1..3, and of the time-of-day signal 4. */
    static final int[] LEVEL_WINDOWS = {1, 4, 16};
    static final int TIME_OF_DAY_WINDOW = 12;
    static final int TIME_OF_DAY_SLOTS = 24;
    /** Values kept: enough for the longest mean. */
    static final int RECENT = 16;

    private static final double MIN_STDDEV = Math.sqrt(1.5e-5);
    private static final long DAY_MILLIS = 86_400_000L;

    /**
     * Settings.
     *
     * @param warmup points seen before the first alarm may be raised
     * @param threshold score at or above which an alarm is raised
     * @param suppression points after an alarm during which no further alarm is raised
     * @param historyLength points of each signal's long-term history
     * @param shortLength points each signal is averaged over before it is scored
     * @param spatialTolerance share of the range a value may exceed it by before it is anomalous
     * @param levels levels the range seen so far is cut into for the rarity signals
     * @param patternMemory half-life of the level counts, in points
     * @param alarmBoost how much each alarm raises the threshold
     * @param alarmBoostHalfLife points in which that raise halves
     * @param persistence points in a row the score must stay at or above the threshold before an
     *     alarm (a spatial anomaly alarms at once)
     * @param suppressionShare share of the time elapsed since the series' first point during which
     *     no further alarm is raised after an alarm (on top of {@code suppression} points)
     */
    public record Settings(int warmup, double threshold, int suppression, int historyLength, int shortLength,
            double spatialTolerance, int levels, int patternMemory, double alarmBoost, double alarmBoostHalfLife,
            int persistence, double suppressionShare) implements Serializable {

        public Settings {
            if (warmup < 0 || suppression < 0 || historyLength < 2 || shortLength < 1 || levels < 1
                    || patternMemory < 1 || alarmBoost < 0 || !(alarmBoostHalfLife > 0) || spatialTolerance < 0
                    || persistence < 1 || !(suppressionShare >= 0 && suppressionShare < 1)) {
                throw new IllegalArgumentException("bad detector settings " + this);
            }
            if (!(threshold > 0 && threshold <= 1)) {
                throw new IllegalArgumentException("threshold must be in (0, 1], got " + threshold);
            }
        }

        /** The settings tuned on NAB (docs/anomalies.md); the warm-up is NAB's longest probation. */
        public static Settings defaults() {
            return new Settings(750, 0.4, 100, 1000, 10, 0.02, 12, 3000, 0.1, 5000, 3, 0.03);
        }

        public Settings withWarmup(int points) {
            return new Settings(points, threshold, suppression, historyLength, shortLength, spatialTolerance, levels,
                    patternMemory, alarmBoost, alarmBoostHalfLife, persistence, suppressionShare);
        }
    }

    private final Settings settings;
    private final double boostDecay;
    private final double countGrowth;

    public AnomalyDetector(Settings settings) {
        this.settings = settings;
        this.boostDecay = Math.pow(0.5, 1.0 / settings.alarmBoostHalfLife());
        this.countGrowth = Math.pow(2.0, 1.0 / settings.patternMemory());
    }

    public AnomalyDetector() {
        this(Settings.defaults());
    }

    public Settings settings() {
        return settings;
    }

    /** Levels a value can take: below the range, the levels, at or above its top. */
    private int levelSlots() {
        return settings.levels() + 2;
    }

    public DetectorState newState() {
        DetectorState s = new DetectorState();
        s.recent = new double[RECENT];
        s.history = new float[SIGNALS * settings.historyLength()];
        s.historySum = new double[SIGNALS];
        s.historySumSquares = new double[SIGNALS];
        s.shortTerm = new float[SIGNALS * settings.shortLength()];
        s.shortTermSum = new double[SIGNALS];
        s.levelCounts = new float[(LEVEL_WINDOWS.length + TIME_OF_DAY_SLOTS) * levelSlots()];
        s.signalScores = new double[SIGNALS];
        return s;
    }

    /**
     * Scores the next point of the series and updates the state.
     *
     * @param timeMillis the point's time (epoch milliseconds), later than the previous point's
     * @param value the point's value, finite
     */
    public AnomalyResult update(DetectorState s, long timeMillis, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be finite, got " + value);
        }
        long n = s.count;
        if (n == 0) {
            s.firstTime = timeMillis;
            s.min = value;
            s.max = value;
        }
        double range = s.max - s.min;
        boolean spatial = n > 0 && (value > s.max + range * settings.spatialTolerance()
                || value < s.min - range * settings.spatialTolerance());
        double scale = range > 0 ? range : Math.max(Math.abs(value), 1.0);
        double prev = n > 0 ? s.recent[(int) ((n - 1) % RECENT)] : value;

        ageLevelCounts(s);
        double[] raw = new double[SIGNALS];
        raw[STEP] = Math.min(1.0, Math.abs(value - prev) / scale);
        if (range > 0) {
            for (int k = 0; k < LEVEL_WINDOWS.length; k++) {
                int w = LEVEL_WINDOWS[k];
                raw[1 + k] = n + 1 >= w ? rarity(s, k, level(s, mean(s, n, w, value), range)) : 0;
            }
            int slot = (int) (Math.floorMod(timeMillis, DAY_MILLIS) / (DAY_MILLIS / TIME_OF_DAY_SLOTS));
            raw[4] = n + 1 >= TIME_OF_DAY_WINDOW
                    ? rarity(s, LEVEL_WINDOWS.length + slot, level(s, mean(s, n, TIME_OF_DAY_WINDOW, value), range))
                    : 0;
        }
        double score = spatial ? 1.0 : 0.0;
        for (int i = 0; i < SIGNALS; i++) {
            s.signalScores[i] = likelihoodScore(s, i, n, raw[i]);
            score = Math.max(score, s.signalScores[i]);
        }

        // Expected range: the previous value widened by the usual size of a step.
        double stepMean = historyMean(s, STEP, n);
        double spread = (stepMean + 4 * historyStd(s, STEP, n, stepMean)) * scale;

        s.beyondRange = spatial;
        s.recent[(int) (n % RECENT)] = value;
        s.min = Math.min(s.min, value);
        s.max = Math.max(s.max, value);
        s.count = n + 1;

        // Each alarm raises the series' threshold for a while, so a restless series alarms less.
        s.thresholdBoost *= boostDecay;
        // A deviation must last a few points (its likelihood is already an average) before it
        // alarms: one noisy point of a restless series does not; a value beyond the range does.
        s.pointsAboveThreshold = score >= Math.min(1.0, settings.threshold() + s.thresholdBoost)
                ? s.pointsAboveThreshold + 1 : 0;
        boolean alarm = n >= settings.warmup()
                && (spatial || s.pointsAboveThreshold >= settings.persistence())
                && (s.lastAlarm < 0 || (n - s.lastAlarm > settings.suppression()
                        && timeMillis - s.lastAlarmTime >= settings.suppressionShare() * (timeMillis - s.firstTime)));
        if (alarm) {
            s.lastAlarm = n;
            s.lastAlarmTime = timeMillis;
            s.thresholdBoost += settings.alarmBoost();
        }
        return new AnomalyResult(score, alarm, prev - spread, prev + spread);
    }

    /** The signal that decided the last point's score: a name of {@link #SIGNAL_NAMES}, or "range" (spatial anomaly). */
    public static String strongestSignal(DetectorState s) {
        int best = 0;
        for (int i = 1; i < SIGNALS; i++) {
            if (s.signalScores[i] > s.signalScores[best]) {
                best = i;
            }
        }
        return s.beyondRange ? "range" : SIGNAL_NAMES.get(best);
    }

    /** The level of a value in the range seen so far: 0 below it, 1..levels inside, levels+1 above. */
    private int level(DetectorState s, double v, double range) {
        int levels = settings.levels();
        return 1 + (int) Math.max(-1, Math.min(levels, Math.floor((v - s.min) / range * levels)));
    }

    /** 1 / (1 + how often this level was seen lately in this table), then counts it. */
    private double rarity(DetectorState s, int table, int level) {
        int at = table * levelSlots() + level;
        double seen = s.levelCounts[at] / s.levelWeight;
        s.levelCounts[at] += (float) s.levelWeight;
        return 1.0 / (1.0 + seen);
    }

    /**
     * Ages the level counts smoothly (half-life patternMemory points): rather than shrinking every
     * count at every point, each new count weighs a little more; counts are rescaled now and then.
     */
    private void ageLevelCounts(DetectorState s) {
        s.levelWeight *= countGrowth;
        if (s.levelWeight > 1e6) {
            for (int i = 0; i < s.levelCounts.length; i++) {
                s.levelCounts[i] /= (float) s.levelWeight;
            }
            s.levelWeight = 1.0;
        }
    }

    /** Mean of {@code value} and the {@code window - 1} values before it. */
    private static double mean(DetectorState s, long n, int window, double value) {
        int past = (int) Math.min(n, window - 1);
        double sum = value;
        for (int k = 1; k <= past; k++) {
            sum += s.recent[(int) ((n - k) % RECENT)];
        }
        return sum / (past + 1);
    }

    /**
     * Numenta's anomaly likelihood of signal i: the short-term average (this point included)
     * against the Gaussian of the long-term history (this point excluded), as a log score in [0, 1].
     */
    private double likelihoodScore(DetectorState s, int i, long n, double raw) {
        int shortLength = settings.shortLength();
        int shortAt = i * shortLength + (int) (n % shortLength);
        if (n >= shortLength) {
            s.shortTermSum[i] -= s.shortTerm[shortAt];
        }
        s.shortTerm[shortAt] = (float) raw;
        s.shortTermSum[i] += (float) raw;
        double average = s.shortTermSum[i] / Math.min(n + 1, shortLength);

        double score = 0;
        if (n >= shortLength) {
            double mean = historyMean(s, i, n);
            double tail = upperTail((average - mean) / historyStd(s, i, n, mean));
            score = Math.log(1.0000000001 - (1 - tail)) / Math.log(1.0 - 0.9999999999);
        }

        int historyLength = settings.historyLength();
        int at = i * historyLength + (int) (n % historyLength);
        if (n >= historyLength) {
            double old = s.history[at];
            s.historySum[i] -= old;
            s.historySumSquares[i] -= old * old;
        }
        float stored = (float) raw;
        s.history[at] = stored;
        s.historySum[i] += stored;
        s.historySumSquares[i] += (double) stored * stored;
        return Math.max(0.0, Math.min(1.0, score));
    }

    private double historyMean(DetectorState s, int i, long n) {
        long count = Math.min(n, settings.historyLength());
        return count == 0 ? 0 : s.historySum[i] / count;
    }

    private double historyStd(DetectorState s, int i, long n, double mean) {
        long count = Math.min(n, settings.historyLength());
        double variance = count == 0 ? 0 : s.historySumSquares[i] / count - mean * mean;
        return Math.max(Math.sqrt(Math.max(variance, 0)), MIN_STDDEV);
    }

    /** P(Z > z) for a standard normal Z. */
    static double upperTail(double z) {
        return 0.5 * erfc(z / Math.sqrt(2));
    }

    /** Complementary error function (Numerical Recipes' erfcc, fractional error below 1.2e-7). */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double ans = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? ans : 2.0 - ans;
    }
}
