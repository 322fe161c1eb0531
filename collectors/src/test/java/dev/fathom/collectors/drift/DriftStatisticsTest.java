package dev.fathom.collectors.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Each statistic against its textbook definition, worked by hand or by an independent formula here. */
class DriftStatisticsTest {

    private static final double EPS = 1e-9;

    @Test
    void ksStatisticIsTheLargestGapBetweenTheEmpiricalDistributionFunctions() {
        double[] a = {1, 2, 3, 4};
        double[] b = {2.5, 3.5, 5, 6, 7};
        // By hand: at x = 4, F_a = 4/4 and F_b = 2/5, a gap of 0.6; no point has a larger one.
        assertThat(DriftStatistics.ksStatistic(a, b)).isCloseTo(0.6, within(EPS));
        assertThat(DriftStatistics.ksStatistic(b, a)).isCloseTo(0.6, within(EPS));
        assertThat(DriftStatistics.ksStatistic(a, a)).isEqualTo(0.0);
    }

    @Test
    void ksStatisticCountsTiesOnBothSidesAtOnce() {
        double[] a = {1, 1, 2, 2};
        double[] b = {1, 2, 2, 2};
        // F_a(1) = 1/2, F_b(1) = 1/4; at 2 both are 1: D = 1/4.
        assertThat(DriftStatistics.ksStatistic(a, b)).isCloseTo(0.25, within(EPS));
        assertThat(DriftStatistics.ksStatistic(a, b)).isCloseTo(bruteForceKs(a, b), within(EPS));
    }

    @Test
    void ksStatisticMatchesTheDefinitionOnRandomSamples() {
        Random random = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            double[] a = sortedRounded(random, 1 + random.nextInt(40), 0);
            double[] b = sortedRounded(random, 1 + random.nextInt(40), 0.3);
            assertThat(DriftStatistics.ksStatistic(a, b)).isCloseTo(bruteForceKs(a, b), within(EPS));
        }
    }

    @Test
    void exactKsPValueIsTheShareOfAllRelabellingsWithAGapAtLeastAsLarge() {
        double[] a = {1, 2, 3, 4};
        double[] b = {2.5, 3.5, 5, 6, 7};
        double d = DriftStatistics.ksStatistic(a, b);
        // Under the null every choice of which 4 of the 9 pooled values form sample a is equally
        // likely: count the C(9,4) = 126 choices whose statistic is >= d.
        double[] pooled = {1, 2, 2.5, 3, 3.5, 4, 5, 6, 7};
        int atLeast = 0;
        int total = 0;
        for (int mask = 0; mask < (1 << 9); mask++) {
            if (Integer.bitCount(mask) != 4) {
                continue;
            }
            double[] x = new double[4];
            double[] y = new double[5];
            int xi = 0;
            int yi = 0;
            for (int i = 0; i < 9; i++) {
                if ((mask & (1 << i)) != 0) {
                    x[xi++] = pooled[i];
                } else {
                    y[yi++] = pooled[i];
                }
            }
            total++;
            if (bruteForceKs(x, y) >= d - 1e-12) {
                atLeast++;
            }
        }
        assertThat(total).isEqualTo(126);
        assertThat(DriftStatistics.ksPValue(d, 4, 5)).isCloseTo((double) atLeast / total, within(EPS));
    }

    @Test
    void largeSampleKsPValueIsKolmogorovsLimitingDistribution() {
        int n = 200;
        int m = 300;
        double d = 0.12;
        double lambda = d * Math.sqrt((double) n * m / (n + m));
        // Q_KS(lambda) = 2 * sum_{k>=1} (-1)^(k-1) exp(-2 k^2 lambda^2)
        double expected = 0;
        for (int k = 1; k < 100; k++) {
            expected += 2 * Math.pow(-1, k - 1) * Math.exp(-2.0 * k * k * lambda * lambda);
        }
        assertThat(DriftStatistics.ksPValue(d, n, m)).isCloseTo(expected, within(EPS));
    }

    @Test
    void psiWithKnownBins() {
        double[] reference = {0.25, 0.25, 0.5};
        double[] current = {0.5, 0.25, 0.25};
        // (0.25-0.5) ln(0.25/0.5) + 0 + (0.5-0.25) ln(0.5/0.25) = 0.5 ln 2
        assertThat(DriftStatistics.psi(reference, current)).isCloseTo(0.5 * Math.log(2), within(EPS));
        assertThat(DriftStatistics.psi(reference, reference)).isEqualTo(0.0);
    }

    @Test
    void psiPutsEvidentlysSmallShareInPlaceOfAnEmptyBin() {
        double[] reference = {0.5, 0.5, 0.0};
        double[] current = {0.5, 0.25, 0.25};
        double expected = (0.5 - 0.25) * Math.log(0.5 / 0.25) + (0.0001 - 0.25) * Math.log(0.0001 / 0.25);
        assertThat(DriftStatistics.psi(reference, current)).isCloseTo(expected, within(EPS));
    }

    @Test
    void jensenShannonDistanceOfKnownDistributions() {
        // Disjoint supports: the divergence is ln 2, its largest value.
        assertThat(DriftStatistics.jensenShannonDistance(new double[] {1, 0}, new double[] {0, 1}))
                .isCloseTo(Math.sqrt(Math.log(2)), within(EPS));
        // p = (1/2, 1/2), q = (1, 0), m = (3/4, 1/4):
        // KL(p||m) = 1/2 ln(2/3) + 1/2 ln 2, KL(q||m) = ln(4/3), JSD = (KL(p||m) + KL(q||m)) / 2
        double divergence = (0.5 * Math.log(2.0 / 3) + 0.5 * Math.log(2) + Math.log(4.0 / 3)) / 2;
        assertThat(DriftStatistics.jensenShannonDistance(new double[] {0.5, 0.5}, new double[] {1, 0}))
                .isCloseTo(Math.sqrt(divergence), within(EPS));
        // Counts are normalised first, as scipy does.
        assertThat(DriftStatistics.jensenShannonDistance(new double[] {5, 5}, new double[] {3, 0}))
                .isCloseTo(Math.sqrt(divergence), within(EPS));
        assertThat(DriftStatistics.jensenShannonDistance(new double[] {0.2, 0.8}, new double[] {0.2, 0.8})).isEqualTo(0.0);
    }

    @Test
    void wassersteinOfAShiftedSampleIsTheShift() {
        double[] a = {0, 1, 3, 7.5};
        double[] shifted = Arrays.stream(a).map(v -> v + 2.25).toArray();
        assertThat(DriftStatistics.wasserstein(a, shifted)).isCloseTo(2.25, within(EPS));
        assertThat(DriftStatistics.wasserstein(shifted, a)).isCloseTo(2.25, within(EPS));
    }

    @Test
    void wassersteinIsTheAreaBetweenTheDistributionFunctions() {
        // F_a steps 0 -> 1/2 at 0 -> 1 at 1; F_b steps 0 -> 1/2 at 0 -> 1 at 3: they differ by 1/2 on [1, 3).
        assertThat(DriftStatistics.wasserstein(new double[] {0, 1}, new double[] {0, 3})).isCloseTo(1.0, within(EPS));
        // Unequal sizes: by the quantile form W = integral over u of |Qa(u) - Qb(u)|.
        Random random = new Random(3);
        for (int trial = 0; trial < 10; trial++) {
            double[] a = sortedRounded(random, 1 + random.nextInt(30), 0);
            double[] b = sortedRounded(random, 1 + random.nextInt(30), 0.5);
            assertThat(DriftStatistics.wasserstein(a, b)).isCloseTo(quantileFormWasserstein(a, b), within(EPS));
        }
    }

    @Test
    void chiSquarePValueWithTwoDegreesOfFreedomIsExpOfMinusHalfTheStatistic() {
        long[] observed = {10, 20, 30};
        double[] expected = {20, 20, 20};
        // statistic = (100 + 0 + 100) / 20 = 10; for 2 degrees of freedom P(X >= x) = exp(-x / 2)
        assertThat(DriftStatistics.chiSquareStatistic(observed, expected)).isCloseTo(10.0, within(EPS));
        assertThat(DriftStatistics.chiSquarePValue(observed, expected)).isCloseTo(Math.exp(-5), within(EPS));
    }

    @Test
    void chiSquareWithOneDegreeOfFreedomIsTheNormalTail() {
        long[] observed = {30, 70};
        double[] expected = {50, 50};
        // statistic = 400/50 + 400/50 = 16; with 1 df P(X >= x) = erfc(sqrt(x/2)) = 2 * (1 - Phi(4))
        double tail = 2 * (1 - new org.apache.commons.math3.distribution.NormalDistribution().cumulativeProbability(4));
        assertThat(DriftStatistics.chiSquarePValue(observed, expected)).isCloseTo(tail, within(EPS));
    }

    @Test
    void aCategoryNeverSeenInTheReferenceIsCertainDrift() {
        assertThat(DriftStatistics.chiSquarePValue(new long[] {5, 5}, new double[] {10, 0})).isEqualTo(0.0);
        assertThat(DriftStatistics.chiSquarePValue(new long[] {7}, new double[] {7})).isEqualTo(1.0);
    }

    @Test
    void populationStandardDeviationDividesByN() {
        // values 2,4,4,4,5,5,7,9: mean 5, squared deviations sum 32, 32/8 = 4
        assertThat(DriftStatistics.populationStd(new double[] {2, 4, 4, 4, 5, 5, 7, 9})).isCloseTo(2.0, within(EPS));
    }

    @Test
    void quantileEdgesInterpolateLinearlyAndMergeRepeats() {
        double[] oneToTen = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        // quantile q sits at position q * 9: 0.2 -> 1.8 -> 2.8, 0.4 -> 4.6, 0.6 -> 6.4, 0.8 -> 8.2
        assertThat(QuantileBins.edges(oneToTen, 5)).containsExactly(new double[] {2.8, 4.6, 6.4, 8.2}, within(EPS));
        assertThat(QuantileBins.edges(new double[] {0, 0, 0, 0, 1, 1, 1, 1}, 4)).containsExactly(0.5, 1.0);
        double[] edges = {2.8, 4.6};
        assertThat(QuantileBins.binOf(edges, -100)).isEqualTo(0);
        assertThat(QuantileBins.binOf(edges, 2.8)).isEqualTo(1);
        assertThat(QuantileBins.binOf(edges, 4.59)).isEqualTo(1);
        assertThat(QuantileBins.binOf(edges, 4.6)).isEqualTo(2);
        assertThat(QuantileBins.binOf(edges, 1e9)).isEqualTo(2);
        assertThat(QuantileBins.counts(edges, new double[] {1, 3, 4, 5, 9}, 5)).containsExactly(1, 2, 2);
    }

    /** D = max over every sample point x of |#(a <= x)/n - #(b <= x)/m|, counted naively. */
    static double bruteForceKs(double[] a, double[] b) {
        double d = 0;
        for (double[] sample : new double[][] {a, b}) {
            for (double x : sample) {
                double fa = Arrays.stream(a).filter(v -> v <= x).count() / (double) a.length;
                double fb = Arrays.stream(b).filter(v -> v <= x).count() / (double) b.length;
                d = Math.max(d, Math.abs(fa - fb));
            }
        }
        return d;
    }

    /** W1 = integral over u in (0,1) of |Qa(u) - Qb(u)|, with the step quantile functions. */
    private static double quantileFormWasserstein(double[] a, double[] b) {
        int n = a.length;
        int m = b.length;
        // Breakpoints of both quantile functions: multiples of 1/n and 1/m.
        java.util.TreeSet<Double> cuts = new java.util.TreeSet<>();
        for (int i = 0; i <= n; i++) {
            cuts.add((double) i / n);
        }
        for (int j = 0; j <= m; j++) {
            cuts.add((double) j / m);
        }
        Double[] u = cuts.toArray(new Double[0]);
        double area = 0;
        for (int k = 0; k + 1 < u.length; k++) {
            double mid = (u[k] + u[k + 1]) / 2;
            double qa = a[Math.min(n - 1, (int) Math.floor(mid * n))];
            double qb = b[Math.min(m - 1, (int) Math.floor(mid * m))];
            area += Math.abs(qa - qb) * (u[k + 1] - u[k]);
        }
        return area;
    }

    private static double[] sortedRounded(Random random, int n, double shift) {
        // Rounded to tenths so that ties happen.
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = Math.round((random.nextGaussian() + shift) * 10) / 10.0;
        }
        Arrays.sort(values);
        return values;
    }
}
