package dev.fathom.streamjobs.anomaly.nab;

import dev.fathom.streamjobs.anomaly.AnomalyDetector;
import dev.fathom.streamjobs.anomaly.AnomalyResult;
import dev.fathom.streamjobs.anomaly.DetectorState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the detector over every labelled file of a NAB corpus, point by point, and scores its alarms
 * under every profile, normalised against the null detector (never alarms) and the perfect one.
 */
public final class NabCorpusRun {

    /** One file's alarms and raw score per profile. */
    public record FileResult(String file, int rows, boolean[] alarms, Map<String, FileScore> scores) {}

    /** The corpus result: per-file results, totals per profile, normalised scores per profile. */
    public record Result(List<FileResult> files, Map<String, Double> totals, Map<String, Double> nullTotals,
            Map<String, Double> normalised, long points, long detectorNanos) {}

    private NabCorpusRun() {}

    /**
     * @param settings the detector's settings; the warm-up is set per file to NAB's probationary
     *     length, which NAB hands every detector
     */
    public static Result run(Path dataDir, Map<String, List<NabWindow>> labels, Map<String, CostMatrix> profiles,
            AnomalyDetector.Settings settings) throws IOException {
        List<FileResult> files = new java.util.ArrayList<>();
        Map<String, Double> totals = new LinkedHashMap<>();
        Map<String, Double> nullTotals = new LinkedHashMap<>();
        profiles.keySet().forEach(p -> {
            totals.put(p, 0.0);
            nullTotals.put(p, 0.0);
        });
        long points = 0;
        long nanos = 0;
        for (Map.Entry<String, List<NabWindow>> entry : labels.entrySet()) {
            Path file = dataDir.resolve(entry.getKey());
            if (!Files.isRegularFile(file)) {
                throw new IOException("labelled data file " + file + " is missing");
            }
            NabSeries series = NabSeries.read(file, "value");
            long start = System.nanoTime();
            boolean[] alarms = detect(series.epochMillis(), series.values(), settings);
            nanos += System.nanoTime() - start;
            points += series.size();
            Map<String, FileScore> scores = new LinkedHashMap<>();
            for (Map.Entry<String, CostMatrix> profile : profiles.entrySet()) {
                FileScore score = NabScorer.score(series.timestamps(), alarms, entry.getValue(), profile.getValue());
                FileScore none = NabScorer.score(series.timestamps(), new boolean[series.size()], entry.getValue(),
                        profile.getValue());
                scores.put(profile.getKey(), score);
                totals.merge(profile.getKey(), score.score(), Double::sum);
                nullTotals.merge(profile.getKey(), none.score(), Double::sum);
            }
            files.add(new FileResult(entry.getKey(), series.size(), alarms, scores));
        }
        int windows = NabLabels.windowCount(labels);
        Map<String, Double> normalised = new LinkedHashMap<>();
        for (Map.Entry<String, CostMatrix> profile : profiles.entrySet()) {
            normalised.put(profile.getKey(), NabScorer.normalise(totals.get(profile.getKey()),
                    nullTotals.get(profile.getKey()), windows, profile.getValue()));
        }
        return new Result(files, totals, nullTotals, normalised, points, nanos);
    }

    /** The detector's alarms over one file, with NAB's probationary length as warm-up. */
    public static boolean[] detect(long[] times, double[] values, AnomalyDetector.Settings settings) {
        AnomalyDetector detector = new AnomalyDetector(
                settings.withWarmup((int) Math.ceil(NabScorer.probationaryLength(values.length))));
        DetectorState state = detector.newState();
        boolean[] alarms = new boolean[values.length];
        for (int i = 0; i < values.length; i++) {
            AnomalyResult result = detector.update(state, times[i], values[i]);
            alarms[i] = result.alarm();
        }
        return alarms;
    }
}
