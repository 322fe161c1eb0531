package dev.fathom.collectors.drift;

/**
 * When a method's value means drift, and which method decides for a feature. Defaults are
 * Evidently's: for a reference of at most {@code smallReferenceRows} rows KS (numbers) and
 * chi-square (categories) at p < 0.05; above it normed Wasserstein (numbers) and Jensen-Shannon
 * (categories) at 0.1. PSI is judged at 0.1 always.
 */
public record DriftThresholds(double ksPValue, double chiSquarePValue, double wasserstein,
        double jensenShannon, double psi, long smallReferenceRows) {

    public static DriftThresholds defaults() {
        return new DriftThresholds(0.05, 0.05, 0.1, 0.1, 0.1, 1000);
    }

    public DriftThresholds {
        requireInRange("ks p-value", ksPValue, 0, 1);
        requireInRange("chi-square p-value", chiSquarePValue, 0, 1);
        requireInRange("wasserstein", wasserstein, 0, Double.MAX_VALUE);
        requireInRange("jensen-shannon", jensenShannon, 0, 1);
        requireInRange("psi", psi, 0, Double.MAX_VALUE);
        if (smallReferenceRows < 0) {
            throw new IllegalArgumentException("small reference rows must be >= 0, was " + smallReferenceRows);
        }
    }

    private static void requireInRange(String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(name + " threshold must be in [" + min + ", " + max + "], was " + value);
        }
    }

    /** The threshold of a method; NaN for one that has none. */
    public double of(DriftMethod method) {
        return switch (method) {
            case KS -> ksPValue;
            case CHI_SQUARE -> chiSquarePValue;
            case WASSERSTEIN -> wasserstein;
            case JENSEN_SHANNON -> jensenShannon;
            case PSI -> psi;
            case KS_STATISTIC -> Double.NaN;
        };
    }

    /** The method that decides whether a column drifted, as Evidently picks it. */
    public DriftMethod decidingMethod(FeatureKind kind, long referenceRows) {
        boolean small = referenceRows <= smallReferenceRows;
        if (kind == FeatureKind.NUMERIC) {
            return small ? DriftMethod.KS : DriftMethod.WASSERSTEIN;
        }
        return small ? DriftMethod.CHI_SQUARE : DriftMethod.JENSEN_SHANNON;
    }
}
