package dev.fathom.collectors.drift;

import java.util.Arrays;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * The drift statistics, as plain functions of arrays. Each follows the definition Evidently uses
 * (and the textbook one it rests on), so a window judged here is judged the same there:
 * <ul>
 *   <li>PSI over shares per bin, with empty bins set to 0.0001 as Evidently does;</li>
 *   <li>Jensen-Shannon distance with the natural logarithm (scipy's {@code jensenshannon});</li>
 *   <li>two-sample Kolmogorov-Smirnov statistic and two-sided p-value;</li>
 *   <li>first Wasserstein distance between two empirical distributions (scipy's
 *       {@code wasserstein_distance});</li>
 *   <li>chi-square goodness of fit of current counts against reference shares.</li>
 * </ul>
 * The probability distributions (Kolmogorov, chi-square) come from Apache Commons Math.
 */
public final class DriftStatistics {

    /** What Evidently puts in place of an empty bin's share so that PSI stays finite. */
    public static final double EMPTY_BIN_SHARE = 0.0001;

    /** Below this product of sample sizes the KS p-value is exact, above it asymptotic (as Commons Math does). */
    static final long KS_EXACT_PRODUCT_LIMIT = 10_000;

    private static final KolmogorovSmirnovTest KS = new KolmogorovSmirnovTest();

    private DriftStatistics() {}

    /** Shares per bin from counts; all zero when the counts are. */
    public static double[] shares(long[] counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        double[] shares = new double[counts.length];
        if (total == 0) {
            return shares;
        }
        for (int i = 0; i < counts.length; i++) {
            shares[i] = (double) counts[i] / total;
        }
        return shares;
    }

    /** Population stability index: sum over bins of (ref - cur) * ln(ref / cur). */
    public static double psi(double[] referenceShares, double[] currentShares) {
        requireSameLength(referenceShares, currentShares);
        double psi = 0;
        for (int i = 0; i < referenceShares.length; i++) {
            double r = referenceShares[i] == 0 ? EMPTY_BIN_SHARE : referenceShares[i];
            double c = currentShares[i] == 0 ? EMPTY_BIN_SHARE : currentShares[i];
            psi += (r - c) * Math.log(r / c);
        }
        return psi;
    }

    /**
     * Jensen-Shannon distance, the square root of the JS divergence with natural logarithms, so
     * between 0 and sqrt(ln 2). Both inputs are normalised to sum to 1 first, as scipy does.
     */
    public static double jensenShannonDistance(double[] p, double[] q) {
        requireSameLength(p, q);
        double sumP = Arrays.stream(p).sum();
        double sumQ = Arrays.stream(q).sum();
        if (sumP <= 0 || sumQ <= 0) {
            throw new IllegalArgumentException("Jensen-Shannon distance needs two non-empty distributions");
        }
        double divergence = 0;
        for (int i = 0; i < p.length; i++) {
            double pi = p[i] / sumP;
            double qi = q[i] / sumQ;
            double mi = (pi + qi) / 2;
            divergence += klTerm(pi, mi) + klTerm(qi, mi);
        }
        return Math.sqrt(Math.max(0, divergence / 2));
    }

    private static double klTerm(double x, double m) {
        return x == 0 ? 0 : x * Math.log(x / m);
    }

    /**
     * Two-sample Kolmogorov-Smirnov statistic: the largest distance between the two empirical
     * distribution functions. Both arrays must be sorted ascending and non-empty.
     */
    public static double ksStatistic(double[] sortedA, double[] sortedB) {
        requireNonEmpty(sortedA, sortedB);
        int n = sortedA.length;
        int m = sortedB.length;
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < n && j < m) {
            double x = Math.min(sortedA[i], sortedB[j]);
            // Step past every value equal to x in both, so ties count on both sides at once.
            while (i < n && sortedA[i] <= x) {
                i++;
            }
            while (j < m && sortedB[j] <= x) {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / n - (double) j / m));
        }
        return d;
    }

    /**
     * Two-sided p-value of a KS statistic d for samples of sizes n and m: P(D >= d) under the
     * null hypothesis. Exact (Hodges' recursion in Commons Math) when n * m < 10000, otherwise
     * the asymptotic Kolmogorov distribution at d * sqrt(n m / (n + m)).
     */
    public static double ksPValue(double d, int n, int m) {
        if ((long) n * m < KS_EXACT_PRODUCT_LIMIT) {
            return Math.min(1, KS.exactP(d, n, m, false));
        }
        return Math.min(1, KS.approximateP(d, n, m));
    }

    /**
     * First Wasserstein (earth mover's) distance between two empirical distributions: the area
     * between their distribution functions. Both arrays sorted ascending and non-empty.
     */
    public static double wasserstein(double[] sortedA, double[] sortedB) {
        requireNonEmpty(sortedA, sortedB);
        int n = sortedA.length;
        int m = sortedB.length;
        int i = 0;
        int j = 0;
        double area = 0;
        double previous = Math.min(sortedA[0], sortedB[0]);
        while (i < n || j < m) {
            double x;
            if (j >= m || (i < n && sortedA[i] <= sortedB[j])) {
                x = sortedA[i];
            } else {
                x = sortedB[j];
            }
            // Between the previous point and x both distribution functions are flat.
            area += Math.abs((double) i / n - (double) j / m) * (x - previous);
            while (i < n && sortedA[i] <= x) {
                i++;
            }
            while (j < m && sortedB[j] <= x) {
                j++;
            }
            previous = x;
        }
        return area;
    }

    /** Population standard deviation (divide by n), as numpy's default that Evidently norms by. */
    public static double populationStd(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double sq = 0;
        for (double v : values) {
            sq += (v - mean) * (v - mean);
        }
        return Math.sqrt(sq / values.length);
    }

    /**
     * Chi-square goodness-of-fit p-value of observed counts against expected counts (same total):
     * statistic sum((o - e)^2 / e) on k - 1 degrees of freedom. A category expected never but
     * observed makes the statistic infinite and the p-value 0; with one category the p-value is 1.
     */
    public static double chiSquarePValue(long[] observed, double[] expected) {
        return chiSquarePValue(chiSquareStatistic(observed, expected), observed.length - 1);
    }

    public static double chiSquareStatistic(long[] observed, double[] expected) {
        if (observed.length != expected.length) {
            throw new IllegalArgumentException("observed has " + observed.length + " categories, expected " + expected.length);
        }
        double statistic = 0;
        for (int i = 0; i < observed.length; i++) {
            double e = expected[i];
            if (e == 0) {
                if (observed[i] > 0) {
                    return Double.POSITIVE_INFINITY;
                }
                continue;
            }
            double diff = observed[i] - e;
            statistic += diff * diff / e;
        }
        return statistic;
    }

    public static double chiSquarePValue(double statistic, int degreesOfFreedom) {
        if (degreesOfFreedom < 1) {
            return 1;
        }
        if (Double.isInfinite(statistic)) {
            return 0;
        }
        return 1 - new ChiSquaredDistribution(null, degreesOfFreedom).cumulativeProbability(statistic);
    }

    private static void requireSameLength(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("distributions have " + a.length + " and " + b.length + " bins");
        }
    }

    private static void requireNonEmpty(double[] a, double[] b) {
        if (a.length == 0 || b.length == 0) {
            throw new IllegalArgumentException("both samples must be non-empty, sizes were " + a.length + " and " + b.length);
        }
    }
}
