package dev.fathom.collectors.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Compares one column of a window with its reference profile by every method that applies. */
public final class DriftEvaluator {

    private final DriftThresholds thresholds;

    public DriftEvaluator(DriftThresholds thresholds) {
        this.thresholds = thresholds;
    }

    public ColumnDrift evaluate(String column, FeatureProfile reference, ColumnValues window) {
        long rows = window.rows();
        double missingShare = rows == 0 ? 0 : (double) window.missing() / rows;
        DriftMethod deciding = thresholds.decidingMethod(reference.kind(), reference.rows());
        List<MethodResult> results = reference.kind() == FeatureKind.NUMERIC
                ? numeric(reference, window)
                : categorical(reference, window);
        return new ColumnDrift(column, reference.kind(), rows, missingShare, List.copyOf(results), deciding);
    }

    private List<MethodResult> numeric(FeatureProfile reference, ColumnValues window) {
        List<MethodResult> results = new ArrayList<>();
        if (window.numberCount() == 0 || reference.sample() == null || reference.sample().length == 0) {
            return results;
        }
        double[] current = window.sortedNumbers();
        double[] sample = reference.sample();

        double d = DriftStatistics.ksStatistic(sample, current);
        results.add(judge(DriftMethod.KS, DriftStatistics.ksPValue(d, sample.length, current.length)));
        results.add(judge(DriftMethod.KS_STATISTIC, d));

        double distance = DriftStatistics.wasserstein(sample, current);
        double std = reference.std() == null ? 0 : reference.std();
        // A constant reference has no spread to norm by: any move at all is infinitely far.
        double normed = std > 0 ? distance / std : (distance == 0 ? 0 : Double.POSITIVE_INFINITY);
        results.add(judge(DriftMethod.WASSERSTEIN, normed));

        double[] referenceShares = DriftStatistics.shares(reference.counts());
        double[] currentShares = DriftStatistics.shares(QuantileBins.counts(reference.edges(), current, current.length));
        results.add(judge(DriftMethod.JENSEN_SHANNON, DriftStatistics.jensenShannonDistance(referenceShares, currentShares)));
        results.add(judge(DriftMethod.PSI, DriftStatistics.psi(referenceShares, currentShares)));
        return results;
    }

    private List<MethodResult> categorical(FeatureProfile reference, ColumnValues window) {
        List<MethodResult> results = new ArrayList<>();
        Map<String, Long> referenceCounts = reference.categories();
        Map<String, Long> currentCounts = window.categories();
        long referenceTotal = referenceCounts.values().stream().mapToLong(Long::longValue).sum();
        long currentTotal = window.categoryTotal();
        if (currentTotal == 0 || referenceTotal == 0) {
            return results;
        }
        TreeSet<String> categories = new TreeSet<>(referenceCounts.keySet());
        categories.addAll(currentCounts.keySet());
        double[] referenceShares = new double[categories.size()];
        double[] currentShares = new double[categories.size()];
        long[] observed = new long[categories.size()];
        double[] expected = new double[categories.size()];
        int i = 0;
        for (String category : categories) {
            long r = referenceCounts.getOrDefault(category, 0L);
            long c = currentCounts.getOrDefault(category, 0L);
            referenceShares[i] = (double) r / referenceTotal;
            currentShares[i] = (double) c / currentTotal;
            observed[i] = c;
            expected[i] = referenceShares[i] * currentTotal;
            i++;
        }
        results.add(judge(DriftMethod.CHI_SQUARE, DriftStatistics.chiSquarePValue(observed, expected)));
        results.add(judge(DriftMethod.JENSEN_SHANNON, DriftStatistics.jensenShannonDistance(referenceShares, currentShares)));
        results.add(judge(DriftMethod.PSI, DriftStatistics.psi(referenceShares, currentShares)));
        return results;
    }

    private MethodResult judge(DriftMethod method, double value) {
        double threshold = thresholds.of(method);
        boolean detected = !Double.isNaN(threshold) && method.detects(value, threshold);
        return new MethodResult(method, value, threshold, detected);
    }
}
