package dev.fathom.collectors.drift;

/** A way to compare a window with the reference; its name is the {@code method} attribute. */
public enum DriftMethod {
    /** Kolmogorov-Smirnov two-sample test; the value is the p-value, drift when below the threshold. */
    KS("ks", true),
    /** The KS statistic D itself, reported without a threshold. */
    KS_STATISTIC("ks_statistic", false),
    /** Chi-square goodness of fit of current category counts; the value is the p-value. */
    CHI_SQUARE("chi_square", true),
    /** Wasserstein distance divided by the reference's standard deviation (Evidently's normed form). */
    WASSERSTEIN("wasserstein", false),
    /** Jensen-Shannon distance over bins or categories, natural log. */
    JENSEN_SHANNON("jensen_shannon", false),
    /** Population stability index over bins or categories. */
    PSI("psi", false);

    private final String attribute;
    private final boolean pValue;

    DriftMethod(String attribute, boolean pValue) {
        this.attribute = attribute;
        this.pValue = pValue;
    }

    public String attribute() {
        return attribute;
    }

    /** For p-values drift is a value below the threshold; for distances one at or above it. */
    public boolean isPValue() {
        return pValue;
    }

    public boolean detects(double value, double threshold) {
        return pValue ? value < threshold : value >= threshold;
    }
}
