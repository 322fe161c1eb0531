package dev.fathom.collectors.drift;

import java.util.Arrays;

/**
 * Bins cut at the reference's quantiles. {@code edges} are the inner cut points, ascending and
 * distinct; with k edges there are k + 1 bins: bin 0 is (-inf, e0), bin i is [e(i-1), e(i)) and
 * the last is [e(k-1), +inf). So every current value, however far outside the reference, falls in
 * a bin.
 */
public final class QuantileBins {

    private QuantileBins() {}

    /**
     * Inner cut points of {@code bins} equally filled bins over sorted values: the quantiles j / bins
     * for j = 1..bins-1 by linear interpolation (numpy's default). Repeated cut points (many equal
     * values) are merged, so a feature with few distinct values gets fewer bins.
     */
    public static double[] edges(double[] sorted, int bins) {
        if (bins < 2) {
            throw new IllegalArgumentException("at least 2 bins are needed, was " + bins);
        }
        if (sorted.length == 0) {
            return new double[0];
        }
        double[] cuts = new double[bins - 1];
        int count = 0;
        for (int j = 1; j < bins; j++) {
            double q = quantile(sorted, (double) j / bins);
            // A cut at the minimum would leave the first bin empty by construction.
            if (q > sorted[0] && (count == 0 || q > cuts[count - 1])) {
                cuts[count++] = q;
            }
        }
        return Arrays.copyOf(cuts, count);
    }

    /** Linear-interpolation quantile of sorted values (numpy's "linear" method). */
    public static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(lower + 1, sorted.length - 1);
        double fraction = position - lower;
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction;
    }

    /** The bin a value falls in. */
    public static int binOf(double[] edges, double value) {
        int at = Arrays.binarySearch(edges, value);
        // Found: the value is a cut point and opens bin at + 1. Not found: insertion point.
        return at >= 0 ? at + 1 : -at - 1;
    }

    /** Counts per bin of the values. */
    public static long[] counts(double[] edges, double[] values, int length) {
        long[] counts = new long[edges.length + 1];
        for (int i = 0; i < length; i++) {
            counts[binOf(edges, values[i])]++;
        }
        return counts;
    }
}
