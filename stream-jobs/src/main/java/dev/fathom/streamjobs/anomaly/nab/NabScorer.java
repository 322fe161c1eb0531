package dev.fathom.streamjobs.anomaly.nab;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * NAB's scoring of one data file, as NAB's {@code nab/sweeper.py} (v1.1) computes it: every point
 * gets a sweep score from the scaled sigmoid of its position relative to the anomaly windows; a
 * window scores its earliest detection (or -fnWeight when it has none); every detection outside a
 * window adds its (negative) sweep score, weighted by fpWeight; the probationary period is ignored.
 */
public final class NabScorer {

    /** NAB's probationary share of each file. */
    public static final double PROBATION_PERCENT = 0.15;

    private NabScorer() {}

    /** NAB's probationary length: rows before this index are not scored. */
    public static double probationaryLength(int rows) {
        return Math.min(Math.floor(PROBATION_PERCENT * rows), PROBATION_PERCENT * 5000);
    }

    /** Detections as NAB derives them from anomaly scores: score >= threshold. */
    public static boolean[] detections(double[] anomalyScores, double threshold) {
        boolean[] detections = new boolean[anomalyScores.length];
        for (int i = 0; i < anomalyScores.length; i++) {
            detections[i] = anomalyScores[i] >= threshold;
        }
        return detections;
    }

    static double scaledSigmoid(double relativePosition) {
        if (relativePosition >= 3.0) {
            return -1.0;
        }
        return 2.0 / (1.0 + Math.exp(5.0 * relativePosition)) - 1.0;
    }

    /**
     * Scores one file.
     *
     * @param timestamps the file's timestamps in order
     * @param detections true where the detector raised an alarm
     * @param windows the file's anomaly windows, in time order; their ends must be timestamps of the file
     */
    public static FileScore score(List<LocalDateTime> timestamps, boolean[] detections, List<NabWindow> windows,
            CostMatrix cost) {
        int n = timestamps.size();
        if (detections.length != n) {
            throw new IllegalArgumentException("timestamps (" + n + ") and detections (" + detections.length
                    + ") differ in length");
        }
        Map<LocalDateTime, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) {
            index.putIfAbsent(timestamps.get(i), i);
        }
        double maxTp = scaledSigmoid(-1.0);
        double probation = probationaryLength(n);

        // Score part per window (keyed by window number) and the summed false positives.
        Map<Integer, Double> windowParts = new HashMap<>();
        double fpPart = 0;
        int tp = 0;
        int tn = 0;
        int fp = 0;
        int fn = 0;

        List<NabWindow> pending = new ArrayList<>(windows);
        int nextWindow = 0;
        int curWindow = -1;
        int curRight = -1;
        double curWidth = 0;
        int prevRight = -1;
        double prevWidth = 0;
        for (int i = 0; i < n; i++) {
            LocalDateTime t = timestamps.get(i);
            if (nextWindow < pending.size() && t.equals(pending.get(nextWindow).start())) {
                NabWindow w = pending.get(nextWindow);
                Integer right = index.get(w.end());
                if (right == null) {
                    throw new IllegalArgumentException("window end " + w.end() + " is not a timestamp of the file");
                }
                curWindow = nextWindow++;
                curRight = right;
                curWidth = right - index.get(w.start()) + 1;
            }
            double sweepScore;
            if (curWindow >= 0) {
                double position = -(curRight - i + 1) / curWidth;
                sweepScore = scaledSigmoid(position) * cost.tpWeight() / maxTp;
            } else {
                double position = prevRight < 0 ? 3.0 : Math.abs(prevRight - i) / (prevWidth - 1);
                sweepScore = scaledSigmoid(position) * cost.fpWeight();
            }
            if (i >= probation) {
                if (curWindow >= 0) {
                    windowParts.putIfAbsent(curWindow, -cost.fnWeight());
                    if (detections[i]) {
                        tp++;
                        windowParts.merge(curWindow, sweepScore, Math::max);
                    } else {
                        fn++;
                    }
                } else if (detections[i]) {
                    fp++;
                    fpPart += sweepScore;
                } else {
                    tn++;
                }
            }
            if (curWindow >= 0 && t.equals(pending.get(curWindow).end())) {
                prevRight = i;
                prevWidth = curWidth;
                curWindow = -1;
            }
        }
        double score = fpPart;
        for (double part : windowParts.values()) {
            score += part;
        }
        return new FileScore(score, tp, tn, fp, fn, n);
    }

    /**
     * NAB's normalised score: 100 * (score - null) / (perfect - null), where the null detector
     * (never alarms) scores {@code nullScore} and the perfect one detects every window at its start.
     */
    public static double normalise(double score, double nullScore, int windowCount, CostMatrix cost) {
        double perfect = windowCount * cost.tpWeight();
        return 100.0 * (score - nullScore) / (perfect - nullScore);
    }
}
