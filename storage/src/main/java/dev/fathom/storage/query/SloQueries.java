package dev.fathom.storage.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.clickhouse.Sql;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the SLO view reads: each SLO's latest status, and its budget and burn rates over time.
 * {@code slo_status} is a ReplacingMergeTree: read with FINAL so a replayed evaluation counts once.
 */
public final class SloQueries {

    /** An SLO's status at one evaluation. */
    public record SloStatus(Instant time, String slo, String service, String team, double objective, long windowSeconds,
            double sli, double budgetRemaining, double burnRate5m, double burnRate30m, double burnRate1h, double burnRate2h,
            double burnRate6h, double burnRate1d, double burnRate3d, List<String> firing) {}

    private static final String COLUMNS = "slo, service, team, objective, window_seconds, sli, budget_remaining, burn_rate_5m, "
            + "burn_rate_30m, burn_rate_1h, burn_rate_2h, burn_rate_6h, burn_rate_1d, burn_rate_3d, firing";

    private final ClickHouseHttp clickhouse;

    public SloQueries(ClickHouseHttp clickhouse) {
        this.clickhouse = clickhouse;
    }

    /** Every SLO evaluated within {@code lookback} of {@code now}: its newest row, firing ones first. */
    public List<SloStatus> latest(Instant now, Duration lookback) {
        StringBuilder argMax = new StringBuilder();
        for (String c : COLUMNS.split(", ")) {
            if (!c.equals("slo")) {
                argMax.append(", argMax(").append(c).append(", ts) AS ").append(c);
            }
        }
        String sql = "SELECT slo, max(ts) AS t" + argMax + "\nFROM slo_status FINAL\nWHERE "
                + new TimeRange(now.minus(lookback), now.plusSeconds(1)).where("ts")
                + "\nGROUP BY slo\nORDER BY empty(firing), budget_remaining, slo";
        return clickhouse.query(sql).stream().map(SloQueries::toStatus).toList();
    }

    /**
     * One SLO's status over the range, one row per step (the last evaluation in it), oldest first:
     * the budget-burn chart and the four burn rates.
     */
    public List<SloStatus> history(String slo, TimeRange range, Duration step) {
        long stepSeconds = Math.max(1, step.toSeconds());
        StringBuilder argMax = new StringBuilder();
        for (String c : COLUMNS.split(", ")) {
            if (!c.equals("slo")) {
                argMax.append(", argMax(").append(c).append(", ts) AS ").append(c);
            }
        }
        String sql = "SELECT slo, intDiv(toUInt32(ts), " + stepSeconds + ") * " + stepSeconds + " AS bucket, max(ts) AS t" + argMax
                + "\nFROM slo_status FINAL\nWHERE slo = " + Sql.string(slo) + " AND " + range.where("ts")
                + "\nGROUP BY slo, bucket\nORDER BY bucket";
        return clickhouse.query(sql).stream().map(SloQueries::toStatus).toList();
    }

    private static SloStatus toStatus(JsonNode r) {
        List<String> firing = new ArrayList<>();
        r.get("firing").forEach(f -> firing.add(f.asText()));
        return new SloStatus(Rows.time(r, "t"), Rows.text(r, "slo"), Rows.text(r, "service"), Rows.text(r, "team"),
                Rows.number(r, "objective"), Rows.integer(r, "window_seconds"), Rows.number(r, "sli"), Rows.number(r, "budget_remaining"),
                Rows.number(r, "burn_rate_5m"), Rows.number(r, "burn_rate_30m"), Rows.number(r, "burn_rate_1h"),
                Rows.number(r, "burn_rate_2h"), Rows.number(r, "burn_rate_6h"), Rows.number(r, "burn_rate_1d"),
                Rows.number(r, "burn_rate_3d"), List.copyOf(firing));
    }
}
