package dev.fathom.collectors.drift;

/** One method's verdict on one column; threshold NaN and detected false for a method without one. */
public record MethodResult(DriftMethod method, double value, double threshold, boolean detected) {

    public boolean hasThreshold() {
        return !Double.isNaN(threshold);
    }
}
