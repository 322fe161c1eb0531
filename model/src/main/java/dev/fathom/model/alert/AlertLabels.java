package dev.fathom.model.alert;

/** Label and annotation names with a meaning across Fathom's alerts. */
public final class AlertLabels {

    /** Required: the alert's name, e.g. "SLOBurnRateHigh", "SeriesAnomaly", "GpuTooHot". */
    public static final String ALERTNAME = "alertname";
    /** "critical" (page), "warning" (ticket) or "info". */
    public static final String SEVERITY = "severity";
    /** What produced it: "slo", "anomaly", "drift", "rule", or "alertmanager" for forwarded alerts. */
    public static final String SOURCE = "source";

    /** Annotation: one line for a human. */
    public static final String SUMMARY = "summary";
    /** Annotation: more detail. */
    public static final String DESCRIPTION = "description";
    /** Annotation: the observed value that triggered it, as text with its unit. */
    public static final String VALUE = "value";

    private AlertLabels() {}
}
