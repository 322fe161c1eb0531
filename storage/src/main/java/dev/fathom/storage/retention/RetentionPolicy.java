package dev.fathom.storage.retention;

import dev.fathom.storage.clickhouse.Sql;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How long each table keeps its rows: raw points for days, rollups for months, the cost ledger for
 * years. Tables not named keep everything.
 */
public final class RetentionPolicy {

    private final Map<String, Period> keep;

    private RetentionPolicy(Map<String, Period> keep) {
        this.keep = Collections.unmodifiableMap(new LinkedHashMap<>(keep));
    }

    /** The defaults Fathom ships with; see docs/storage.md. */
    public static RetentionPolicy defaults() {
        Map<String, Period> keep = new LinkedHashMap<>();
        keep.put("points", Period.ofDays(30));
        keep.put("sink_batches", Period.ofMonths(2));
        keep.put("points_latest", Period.ofMonths(2));
        keep.put("rejected_records", Period.ofMonths(3));
        keep.put("points_1m", Period.ofMonths(3));
        keep.put("points_1h", Period.ofYears(2));
        keep.put("gpu_events", Period.ofMonths(13));
        keep.put("fleet_1m", Period.ofMonths(3));
        keep.put("fleet_1h", Period.ofYears(2));
        keep.put("host_1m", Period.ofMonths(3));
        keep.put("host_1h", Period.ofYears(2));
        keep.put("utilization_bands_1m", Period.ofMonths(3));
        keep.put("utilization_bands_1h", Period.ofYears(2));
        keep.put("slo_status", Period.ofMonths(13));
        keep.put("anomalies", Period.ofMonths(13));
        keep.put("drift_results", Period.ofMonths(13));
        keep.put("alert_events", Period.ofMonths(13));
        keep.put("alert_notifications", Period.ofMonths(13));
        keep.put("audit_log", Period.ofYears(2));
        keep.put("cost_ledger", Period.ofYears(7));
        keep.put("cost_ledger_1d", Period.ofYears(7));
        keep.put("cost_ledger_host_1h", Period.ofYears(7));
        return new RetentionPolicy(keep);
    }

    public static RetentionPolicy none() {
        return new RetentionPolicy(Map.of());
    }

    /** This policy with {@code table} kept for {@code period} (zero or negative is refused). */
    public RetentionPolicy with(String table, Period period) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("retention for " + table + " must be positive, got " + period);
        }
        Map<String, Period> copy = new LinkedHashMap<>(keep);
        copy.put(Sql.identifier(table), period);
        return new RetentionPolicy(copy);
    }

    /**
     * This policy overridden by {@code spec}: comma-separated {@code table=ISO-8601 period}, e.g.
     * {@code points=P14D,points_1m=P6M,cost_ledger=P10Y}.
     */
    public RetentionPolicy withSpec(String spec) {
        RetentionPolicy result = this;
        for (String entry : spec.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("retention entry '" + entry.trim() + "' is not table=PERIOD (e.g. points=P30D)");
            }
            String table = entry.substring(0, eq).trim();
            String period = entry.substring(eq + 1).trim();
            try {
                result = result.with(table, Period.parse(period));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("retention for " + table + ": '" + period + "' is not an ISO-8601 period such as P30D, P3M or P7Y", e);
            }
        }
        return result;
    }

    /** Table name to how long it keeps rows, in the order given. */
    public Map<String, Period> tables() {
        return keep;
    }

    @Override
    public String toString() {
        return keep.toString();
    }
}
