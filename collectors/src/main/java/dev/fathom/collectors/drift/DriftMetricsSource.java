package dev.fathom.collectors.drift;

import static dev.fathom.collectors.drift.DriftMetricNames.*;

import dev.fathom.collectors.MetricSource;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;

/**
 * The drift monitor's newest window per model version as OpenTelemetry gauges, plus its record
 * counters. Register it with a collector like any other source; each collection reports the
 * windows closed so far.
 */
public final class DriftMetricsSource implements MetricSource {

    private final DriftMonitor monitor;

    public DriftMetricsSource(DriftMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    public void register(Meter meter) {
        meter.gaugeBuilder(DRIFT_VALUE).setDescription("Drift method value per model feature (p-value, distance or PSI)")
                .buildWithCallback(m -> forEachResult((column, base, r) -> m.record(r.value(), method(base, r))));
        meter.gaugeBuilder(DRIFT_THRESHOLD).setDescription("Threshold the drift value is judged against")
                .buildWithCallback(m -> forEachResult((column, base, r) -> {
                    if (r.hasThreshold()) {
                        m.record(r.threshold(), method(base, r));
                    }
                }));
        meter.gaugeBuilder(DRIFT_DETECTED).ofLongs().setDescription("1 when the method finds drift, else 0")
                .buildWithCallback(m -> forEachResult((column, base, r) -> {
                    if (r.hasThreshold()) {
                        m.record(r.detected() ? 1 : 0, method(base, r).toBuilder()
                                .put(DECIDING, r.method() == column.decidingMethod()).build());
                    }
                }));
        meter.gaugeBuilder(FEATURE_MISSING_SHARE).setUnit("1").setDescription("Share of window rows without a value")
                .buildWithCallback(m -> {
                    for (WindowResult window : monitor.latestResults()) {
                        for (ColumnDrift column : window.columns()) {
                            m.record(column.missingShare(), column(window, column));
                        }
                    }
                });
        meter.gaugeBuilder(DRIFTED_COLUMNS).ofLongs().setDescription("Columns drifted by their deciding method in the last window")
                .buildWithCallback(m -> monitor.latestResults().forEach(w -> m.record(w.driftedColumns(), model(w))));
        meter.gaugeBuilder(WINDOW_ROWS).ofLongs().setDescription("Records in the last drift window")
                .buildWithCallback(m -> monitor.latestResults().forEach(w -> m.record(w.rows(), model(w))));
        meter.gaugeBuilder(REFERENCE_ROWS).ofLongs().setDescription("Rows of the reference profile")
                .buildWithCallback(m -> monitor.latestResults().forEach(w -> m.record(w.referenceRows(), model(w))));
        meter.counterBuilder(RECORDS_ACCEPTED).setDescription("Feature records taken by the drift monitor")
                .buildWithCallback(m -> m.record(monitor.acceptedRecords()));
        meter.counterBuilder(RECORDS_REJECTED).setDescription("Feature records skipped as bad, by reason")
                .buildWithCallback(m -> monitor.rejectedRecords()
                        .forEach((reason, count) -> m.record(count, Attributes.of(REASON, reason))));
    }

    private interface ResultVisitor {
        void visit(ColumnDrift column, Attributes columnAttributes, MethodResult result);
    }

    private void forEachResult(ResultVisitor visitor) {
        for (WindowResult window : monitor.latestResults()) {
            for (ColumnDrift column : window.columns()) {
                Attributes base = column(window, column);
                for (MethodResult result : column.results()) {
                    visitor.visit(column, base, result);
                }
            }
        }
    }

    private static Attributes model(WindowResult window) {
        return Attributes.of(MODEL, window.model(), MODEL_VERSION, window.version());
    }

    private static Attributes column(WindowResult window, ColumnDrift column) {
        return Attributes.of(MODEL, window.model(), MODEL_VERSION, window.version(), FEATURE, column.column());
    }

    private static Attributes method(Attributes column, MethodResult result) {
        return column.toBuilder().put(METHOD, result.method().attribute()).build();
    }
}
