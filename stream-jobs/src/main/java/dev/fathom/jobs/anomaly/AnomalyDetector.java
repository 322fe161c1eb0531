package dev.fathom.jobs.anomaly;

import java.io.Serializable;

/**
 * A streaming anomaly detector for one series, fed point by point in time order.
 *
 * <p>Method (see docs/anomalies.md): a few prediction-error signals, each scaled by the range of
 * the series seen so far, go through Numenta's anomaly likelihood: the short-term average of a
 * signal is compared with the Gaussian fitted to its long-term history, and the tail probability
 * becomes a log-scaled score in [0, 1]. A value outside the range seen so far by more than a
 * tolerance scores 1 (Numenta's "spatial anomaly"). The score is the largest of these; an alarm is
 * raised when it reaches the threshold, outside the warm-up, and not within the suppression period
 * of the previous alarm.
 *
 * <p>The detector holds only settings; all per-series state lives in {@link DetectorState}.
 */
public final class AnomalyDetector implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Signals: first difference, distance from the short-term mean, short vs long mean. */
    static final int SIGNALS = 6;

    /** Kinds of pattern counted, and table slots per kind. */
    static final int PATTERN_KINDS = 3;
    static final int PATTERN_SLOTS = 1 << 12;

    /**
     * Settings.
     *
     * @param warmup points seen before the first alarm may be raised
     * @param threshold score at or above which an alarm is raised
     * @param suppression points after an alarm during which no further alarm is raised
     * @param historyLength points of each signal's long-term history
     * @param shortLength points averaged before a signal is scored
     * @param recentLength points of recent values kept for the short-term means
     * @param spatialTolerance share of the range a value may exceed it by before it is anomalous
     * @param contextBins levels the range is quantised into for the context signal
     * @param contextLength quantised values that make one context
     * @param contextMemory points after which a context not seen again is forgotten (half of it at least)
     */
    public record Settings(int warmup, double threshold, int suppression, int historyLength, int shortLength,
            int recentLength, double spatialTolerance, int contextBins, int contextLength, int contextMemory, int signalMask)
            implements Serializable {

        public Settings {
            if (warmup < 0 || suppression < 0 || historyLength < 2 || shortLength < 1 || recentLength < 2) {
                throw new IllegalArgumentException("bad detector settings " + this);
            }
            if (!(threshold > 0 && threshold <= 1)) {
                throw new IllegalArgumentException("threshold must be in (0, 1], got " + threshold);
            }
        }

        public static Settings defaults() {
            return new Settings(750, 0.5, 300, 1000, 10, 64, 0.05, 20, 6, 4000, 63);
        }

        public Settings withWarmup(int points) {
            return new Settings(points, threshold, suppression, historyLength, shortLength, recentLength,
                    spatialTolerance, contextBins, contextLength, contextMemory, signalMask);
        }
    }

    static final double[] TUNE_W = java.util.Arrays.stream(System.getProperty("w", "1,1,1,1,1,1").split(",")).mapToDouble(Double::parseDouble).toArray();
    private static final double MIN_STDDEV = Math.sqrt(1.5e-5);

    private final Settings settings;

    public AnomalyDetector(Settings settings) {
        this.settings = settings;
    }

    public AnomalyDetector() {
        this(Settings.defaults());
    }

    public Settings settings() {
        return settings;
    }

    public DetectorState newState() {
        DetectorState s = new DetectorState();
        s.recent = new double[settings.recentLength()];
        s.history = new double[SIGNALS * settings.historyLength()];
        s.historySum = new double[SIGNALS];
        s.historySumSquares = new double[SIGNALS];
        s.shortTerm = new double[SIGNALS * settings.shortLength()];
        s.shortTermSum = new double[SIGNALS];
        s.patternCounts = new float[PATTERN_KINDS * PATTERN_SLOTS];
        s.signalScores = new double[SIGNALS];
        return s;
    }

    /** Scores the next point of the series and updates the state. */
    public AnomalyResult update(DetectorState s, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value must be finite, got " + value);
        }
        long n = s.count;
        if (n == 0) {
            s.min = value;
            s.max = value;
        }
        double range = s.max - s.min;
        boolean spatial = n > 0 && (value > s.max + range * settings.spatialTolerance()
                || value < s.min - range * settings.spatialTolerance());
        double scale = range > 0 ? range : Math.max(Math.abs(value), 1.0);

        int recentLength = settings.recentLength();
        double prev = n > 0 ? s.recent[(int) ((n - 1) % recentLength)] : value;
        int shortWindow = 8;
        double shortMean = mean(s, n, shortWindow, value);
        double longMean = mean(s, n, recentLength, value);

        double[] raw = new double[SIGNALS];
        raw[0] = Math.abs(value - prev) / scale;
        raw[1] = Math.abs(value - mean(s, n, shortWindow, Double.NaN)) / scale;
        raw[2] = Math.abs(shortMean - longMean) / scale;
        patternSignals(s, n, value, range, raw, 3);
        double score = spatial ? 1.0 : 0.0;
        for (int i = 0; i < SIGNALS; i++) {
            double r = Double.isFinite(raw[i]) ? Math.min(raw[i], 1.0) : 0.0;
            s.signalScores[i] = likelihoodScore(s, i, n, r);
            if ((settings.signalMask() & (1 << i)) != 0) {
                score = Math.max(score, s.signalScores[i] * TUNE_W[i]);
            }
        }

        // Expected range: the previous value widened by the usual size of a step.
        double stepMean = historyMean(s, 0, n);
        double stepStd = historyStd(s, 0, n, stepMean);
        double spread = (stepMean + 4 * stepStd) * scale;
        double low = prev - spread;
        double high = prev + spread;

        s.recent[(int) (n % recentLength)] = value;
        s.min = Math.min(s.min, value);
        s.max = Math.max(s.max, value);
        s.count = n + 1;

        boolean alarm = score >= settings.threshold() && n >= settings.warmup()
                && (s.lastAlarm < 0 || n - s.lastAlarm > settings.suppression());
        if (alarm) {
            s.lastAlarm = n;
        }
        return new AnomalyResult(score, alarm, low, high);
    }

    /**
     * Rarity of a pattern: 1 / (1 + how often the pattern was seen), where counts are halved every
     * contextMemory points so old patterns fade. Patterns are hashed into a fixed table per kind.
     */
    private double rarity(DetectorState s, int kind, long hash) {
        hash ^= hash >>> 29;
        hash *= 0xBF58476D1CE4E5B9L;
        hash ^= hash >>> 32;
        int at = kind * PATTERN_SLOTS + (int) (hash & (PATTERN_SLOTS - 1));
        double seen = s.patternCounts[at];
        s.patternCounts[at] += 1;
        return 1.0 / (1.0 + seen);
    }

    private void agePatterns(DetectorState s, long n) {
        if (n > 0 && n % settings.contextMemory() == 0) {
            for (int i = 0; i < s.patternCounts.length; i++) {
                s.patternCounts[i] *= 0.5f;
            }
        }
    }

    /** The level (0..bins-1, or -1 / bins outside the range) of a value in the range seen so far. */
    private long level(DetectorState s, double v, double range, int bins) {
        return Math.max(-1, Math.min(bins, (long) Math.floor((v - s.min) / range * bins)));
    }

    private static long mix(long hash, long x) {
        return (hash ^ (x + 3)) * 0x100000001B3L;
    }

    /** The raw pattern signals: rarity of the quantised recent shape at several scales. */
    private void patternSignals(DetectorState s, long n, double value, double range, double[] raw, int first) {
        agePatterns(s, n);
        int bins = settings.contextBins();
        if (range <= 0) {
            raw[first] = raw[first + 1] = raw[first + 2] = 0;
            return;
        }
        int[] windows = {1, 4, 16};
        for (int kind = 0; kind < PATTERN_KINDS; kind++) {
            int w = Integer.getInteger("win" + kind, windows[kind]);
            double m = mean(s, n, w, value);
            raw[first + kind] = n + 1 >= w ? rarity(s, kind, mix(0x1234L * (kind + 1), level(s, m, range, bins))) : 0;
        }
    }

    /** Mean of {@code window} values ending {@code lag} points before point n (exclusive of n). */
    private double meanAt(DetectorState s, long n, int lag, int window) {
        double sum = 0;
        for (int k = lag; k < lag + window; k++) {
            sum += s.recent[(int) ((n - k) % settings.recentLength())];
        }
        return sum / window;
    }

    /** Mean of the last {@code window} values before point n, plus {@code value} when it is a number. */
    private double mean(DetectorState s, long n, int window, double value) {
        int recentLength = settings.recentLength();
        boolean withValue = !Double.isNaN(value);
        int past = (int) Math.min(n, withValue ? window - 1 : window);
        double sum = withValue ? value : 0;
        for (int k = 1; k <= past; k++) {
            sum += s.recent[(int) ((n - k) % recentLength)];
        }
        int count = past + (withValue ? 1 : 0);
        return count == 0 ? Double.NaN : sum / count;
    }

    /**
     * Numenta's anomaly likelihood of signal i: the short-term average (current value included) against
     * the Gaussian of the long-term history (current value excluded), as a log score in [0, 1].
     */
    private double likelihoodScore(DetectorState s, int i, long n, double raw) {
        int shortLength = settings.shortLength();
        int shortAt = i * shortLength + (int) (n % shortLength);
        if (n >= shortLength) {
            s.shortTermSum[i] -= s.shortTerm[shortAt];
        }
        s.shortTerm[shortAt] = raw;
        s.shortTermSum[i] += raw;
        double average = s.shortTermSum[i] / Math.min(n + 1, shortLength);

        double mean = historyMean(s, i, n);
        double std = historyStd(s, i, n, mean);
        double score = 0;
        if (n >= shortLength) {
            double tail = upperTail((average - mean) / std);
            score = Math.min(1.0, Math.log(1.0000000001 - (1 - tail)) / Math.log(1.0 - 0.9999999999));
        }

        int historyLength = settings.historyLength();
        int at = i * historyLength + (int) (n % historyLength);
        if (n >= historyLength) {
            double old = s.history[at];
            s.historySum[i] -= old;
            s.historySumSquares[i] -= old * old;
        }
        s.history[at] = raw;
        s.historySum[i] += raw;
        s.historySumSquares[i] += raw * raw;
        return Math.max(0.0, score);
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
