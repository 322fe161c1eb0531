package dev.fathom.model;

/** Kafka topic names. The one place they are spelled. */
public final class Topics {

    /**
     * One serialized OTLP {@code ExportMetricsServiceRequest} per record, exactly what the
     * OpenTelemetry Collector's Kafka exporter writes with encoding {@code otlp_proto}.
     */
    public static final String OTLP_METRICS = "otlp_metrics";

    /**
     * Alerts from the stream jobs (SLO burn rates, anomalies) and rule evaluation to the alerts
     * service: one JSON object per record ({@code dev.fathom.model.alert} describes it), keyed by
     * the alert's fingerprint so one alert's changes stay in order.
     */
    public static final String ALERTS = "fathom_alerts";

    /**
     * Inference feature records for drift detection: one JSON object per record with model,
     * version, timestamp, feature values and optional prediction and label.
     */
    public static final String INFERENCE_FEATURES = "inference_features";

    private Topics() {}
}
