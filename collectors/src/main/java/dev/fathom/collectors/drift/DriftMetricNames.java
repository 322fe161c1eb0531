package dev.fathom.collectors.drift;

import io.opentelemetry.api.common.AttributeKey;

/** Names and attributes of the drift gauges (docs/drift.md lists them). */
public final class DriftMetricNames {

    /** A method's value for a column: p-value (ks, chi_square), distance or index. */
    public static final String DRIFT_VALUE = "model.drift.value";
    /** The threshold the value is judged against. */
    public static final String DRIFT_THRESHOLD = "model.drift.threshold";
    /** 1 when the method finds drift, else 0. */
    public static final String DRIFT_DETECTED = "model.drift.detected";
    /** Share of window rows in which the column had no value, 0..1. */
    public static final String FEATURE_MISSING_SHARE = "model.feature.missing_share";
    /** Columns whose deciding method (Evidently's choice) found drift in the last window. */
    public static final String DRIFTED_COLUMNS = "model.drift.drifted_columns";
    /** Records in the last window. */
    public static final String WINDOW_ROWS = "model.drift.window.rows";
    /** Rows of the reference profile the window is compared with. */
    public static final String REFERENCE_ROWS = "model.drift.reference.rows";
    /** Feature records taken (cumulative). */
    public static final String RECORDS_ACCEPTED = "model.drift.records.accepted";
    /** Feature records skipped as bad, by reason (cumulative). */
    public static final String RECORDS_REJECTED = "model.drift.records.rejected";

    public static final AttributeKey<String> MODEL = AttributeKey.stringKey("model");
    public static final AttributeKey<String> MODEL_VERSION = AttributeKey.stringKey("model.version");
    public static final AttributeKey<String> FEATURE = AttributeKey.stringKey("feature");
    public static final AttributeKey<String> METHOD = AttributeKey.stringKey("method");
    /** On {@link #DRIFTED_COLUMNS} and {@link #DRIFT_DETECTED}: whether this method decides. */
    public static final AttributeKey<Boolean> DECIDING = AttributeKey.booleanKey("drift.deciding");
    public static final AttributeKey<String> REASON = AttributeKey.stringKey("reason");

    private DriftMetricNames() {}
}
