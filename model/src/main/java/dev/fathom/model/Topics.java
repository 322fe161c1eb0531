package dev.fathom.model;

/** Kafka topic names. The one place they are spelled. */
public final class Topics {

    /**
     * One serialized OTLP {@code ExportMetricsServiceRequest} per record, exactly what the
     * OpenTelemetry Collector's Kafka exporter writes with encoding {@code otlp_proto}.
     */
    public static final String OTLP_METRICS = "otlp_metrics";

    private Topics() {}
}
