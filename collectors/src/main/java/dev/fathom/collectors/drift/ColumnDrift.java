package dev.fathom.collectors.drift;

import java.util.List;

/**
 * How one column (feature or prediction) of a window compares with the reference.
 *
 * @param column         feature name, or {@link FeatureRecord#PREDICTION}
 * @param kind           numeric or categorical
 * @param rows           window rows
 * @param missingShare   share of window rows without a value
 * @param results        one per method; empty when the window had no value for the column
 * @param decidingMethod the method whose verdict is {@link #drifted()}
 */
public record ColumnDrift(String column, FeatureKind kind, long rows, double missingShare,
        List<MethodResult> results, DriftMethod decidingMethod) {

    public boolean drifted() {
        return results.stream().anyMatch(r -> r.method() == decidingMethod && r.detected());
    }

    public MethodResult result(DriftMethod method) {
        return results.stream().filter(r -> r.method() == method).findFirst().orElse(null);
    }
}
