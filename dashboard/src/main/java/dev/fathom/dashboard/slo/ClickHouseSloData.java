package dev.fathom.dashboard.slo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.clickhouse.Sql;
import dev.fathom.storage.query.SeriesPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link SloData} over storage's slo_status table. Aggregates get aliases unlike any column
 * (last_team, not team): ClickHouse resolves an alias before a column, so {@code argMax(team, ts)
 * AS team} would turn {@code WHERE team = ...} into an aggregate in WHERE.
 */
public class ClickHouseSloData implements SloData {

    private final ClickHouseHttp clickhouse;

    public ClickHouseSloData(ClickHouseHttp clickhouse) {
        this.clickhouse = clickhouse;
    }

    @Override
    public List<SloStatus> latest(TimeRange.Window window, Optional<String> team) {
        String sql = """
                SELECT slo, argMax(service, ts) AS last_service, argMax(team, ts) AS last_team, argMax(objective, ts) AS last_objective,
                       argMax(window_seconds, ts) AS last_window, argMax(sli, ts) AS last_sli,
                       argMax(budget_remaining, ts) AS last_budget,
                       argMax(burn_rate_5m, ts) AS b5m, argMax(burn_rate_30m, ts) AS b30m, argMax(burn_rate_1h, ts) AS b1h,
                       argMax(burn_rate_2h, ts) AS b2h, argMax(burn_rate_6h, ts) AS b6h, argMax(burn_rate_1d, ts) AS b1d,
                       argMax(burn_rate_3d, ts) AS b3d, argMax(firing, ts) AS firing, toUInt32(max(ts)) AS t
                FROM slo_status FINAL
                WHERE ts <= %s %s
                GROUP BY slo
                ORDER BY last_budget, slo
                """.formatted(Sql.dateTime(window.to()), team.map(t -> "AND team = " + Sql.string(t)).orElse(""));
        return clickhouse.query(sql).stream().map(ClickHouseSloData::toStatus).toList();
    }

    private static SloStatus toStatus(JsonNode r) {
        List<String> firing = new ArrayList<>();
        r.get("firing").forEach(f -> firing.add(f.asText()));
        return new SloStatus(r.get("slo").asText(), r.get("last_service").asText(), r.get("last_team").asText(),
                r.get("last_objective").asDouble(), r.get("last_window").asLong(), r.get("last_sli").asDouble(),
                r.get("last_budget").asDouble(), r.get("b5m").asDouble(), r.get("b30m").asDouble(),
                r.get("b1h").asDouble(), r.get("b2h").asDouble(), r.get("b6h").asDouble(), r.get("b1d").asDouble(),
                r.get("b3d").asDouble(), firing, Instant.ofEpochSecond(r.get("t").asLong()));
    }

    @Override
    public List<SeriesPoint> history(String slo, TimeRange.Window window, Duration step) {
        long seconds = Math.max(1, step.toSeconds());
        String sql = """
                SELECT intDiv(toUInt32(ts), %1$d) * %1$d AS bucket, argMax(budget_remaining, ts) AS budget,
                       max(burn_rate_1h) AS b1h, max(burn_rate_6h) AS b6h, max(burn_rate_1d) AS b1d, max(burn_rate_3d) AS b3d
                FROM slo_status FINAL
                WHERE slo = %2$s AND ts >= %3$s AND ts <= %4$s
                GROUP BY bucket ORDER BY bucket
                """.formatted(seconds, Sql.string(slo), Sql.dateTime(window.from()), Sql.dateTime(window.to()));
        List<SeriesPoint> points = new ArrayList<>();
        for (JsonNode r : clickhouse.query(sql)) {
            Instant t = Instant.ofEpochSecond(r.get("bucket").asLong());
            points.add(new SeriesPoint("budget", t, r.get("budget").asDouble()));
            points.add(new SeriesPoint("burn 1h", t, r.get("b1h").asDouble()));
            points.add(new SeriesPoint("burn 6h", t, r.get("b6h").asDouble()));
            points.add(new SeriesPoint("burn 1d", t, r.get("b1d").asDouble()));
            points.add(new SeriesPoint("burn 3d", t, r.get("b3d").asDouble()));
        }
        return points;
    }
}
