package dev.fathom.storage.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.clickhouse.Sql;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the cost view reads: cost by team, project or cost centre over a period (allocated = used +
 * idle, energy, CO2e, the previous period for the trend), top spenders, the fleet total and cost
 * over time. Money is exact (read as text into {@link BigDecimal}).
 *
 * <p>Whole-hour ranges read the rollups: {@code cost_ledger_1d} for the whole UTC days inside the
 * range and {@code cost_ledger_1h} for the hours at either end; other ranges read the ledger itself
 * with {@code FINAL}, so a replayed ledger row never counts twice (exact, but slow at fleet scale:
 * align ranges with {@link TimeRange#alignedTo}).
 */
public final class CostQueries {

    /** Who a cost row is grouped by. */
    public enum GroupBy {
        TEAM("team"), PROJECT("project"), COST_CENTRE("cost_centre");

        final String column;

        GroupBy(String column) {
            this.column = column;
        }
    }

    /**
     * One owner's cost in a period. {@code owner} is "" for cost no owner could be found for
     * (kind 'unallocated').
     */
    public record OwnerCost(String owner, String currency, BigDecimal allocated, BigDecimal used, BigDecimal idle,
            BigDecimal unallocated, double energyKwh, double co2eKg, double gpuHoursAllocated, double gpuHoursUsed,
            BigDecimal previousAllocated) {

        /** allocated now minus allocated in the previous period of the same length. */
        public BigDecimal change() {
            return allocated.add(unallocated).subtract(previousAllocated);
        }
    }

    /** The whole fleet's cost in a period in one currency: total = used + idle + unallocated. */
    public record FleetCost(String currency, BigDecimal total, BigDecimal used, BigDecimal idle, BigDecimal unallocated,
            double energyKwh, double co2eKg, BigDecimal previousTotal) {}

    /** An owner's allocated cost in one step. */
    public record CostPoint(Instant time, String owner, String currency, BigDecimal cost) {}

    private final ClickHouseHttp clickhouse;

    public CostQueries(ClickHouseHttp clickhouse) {
        this.clickhouse = clickhouse;
    }

    /**
     * Cost per owner in the range, highest first; {@code team} limits it to one team's rows (for a
     * user bound to a team).
     */
    public List<OwnerCost> byOwner(TimeRange range, GroupBy groupBy, Optional<String> team) {
        Map<String, BigDecimal> previous = new HashMap<>();
        for (JsonNode row : clickhouse.query(ownerSql(range.previous(), groupBy, team))) {
            previous.put(Rows.text(row, "owner") + "\u0000" + Rows.text(row, "currency"),
                    Rows.money(row, "allocated").add(Rows.money(row, "unallocated")));
        }
        return clickhouse.query(ownerSql(range, groupBy, team)).stream().map(row -> new OwnerCost(
                        Rows.text(row, "owner"), Rows.text(row, "currency"), Rows.money(row, "allocated"), Rows.money(row, "used"),
                        Rows.money(row, "idle"), Rows.money(row, "unallocated"), Rows.number(row, "energy_kwh"),
                        Rows.number(row, "co2e_kg"), Rows.number(row, "gpu_hours_allocated"), Rows.number(row, "gpu_hours_used"),
                        previous.getOrDefault(Rows.text(row, "owner") + "\u0000" + Rows.text(row, "currency"), BigDecimal.ZERO)))
                .sorted(Comparator.comparing((OwnerCost c) -> c.allocated().add(c.unallocated())).reversed()
                        .thenComparing(OwnerCost::owner))
                .toList();
    }

    /**
     * Cost per owner in the range alone (previous allocated 0: one query, for callers that read
     * the previous period themselves), by owner.
     */
    public List<OwnerCost> periodByOwner(TimeRange range, GroupBy groupBy, Optional<String> team) {
        return clickhouse.query(ownerSql(range, groupBy, team)).stream().map(row -> new OwnerCost(
                Rows.text(row, "owner"), Rows.text(row, "currency"), Rows.money(row, "allocated"), Rows.money(row, "used"),
                Rows.money(row, "idle"), Rows.money(row, "unallocated"), Rows.number(row, "energy_kwh"),
                Rows.number(row, "co2e_kg"), Rows.number(row, "gpu_hours_allocated"), Rows.number(row, "gpu_hours_used"),
                BigDecimal.ZERO)).toList();
    }

    /**
     * One host's cost per step, oldest first; {@code owner} is the host. Whole-hour ranges read
     * {@code cost_ledger_host_1h} (host first in its key), others the ledger with FINAL.
     */
    public List<CostPoint> hostOverTime(String host, TimeRange range, Duration step, Optional<String> team) {
        boolean wholeHours = range.isAlignedTo(Duration.ofHours(1));
        int grain = wholeHours ? 3600 : 60;
        long stepSeconds = Math.max(grain, (Math.max(1, step.toSeconds()) + grain - 1) / grain * grain);
        String time = wholeHours ? "hour" : "minute";
        String sql = """
                SELECT intDiv(toUInt32(%1$s), %2$d) * %2$d AS bucket, currency, toString(sum(cost)) AS total
                FROM %3$s
                WHERE host = %4$s AND %5$s%6$s
                GROUP BY bucket, currency
                ORDER BY bucket, currency""".formatted(time, stepSeconds, wholeHours ? "cost_ledger_host_1h" : "cost_ledger FINAL",
                Sql.string(host), range.where(time), teamFilter(team));
        return clickhouse.query(sql).stream().map(row -> new CostPoint(Instant.ofEpochSecond(Rows.integer(row, "bucket")), host,
                Rows.text(row, "currency"), Rows.money(row, "total"))).toList();
    }

    /** The teams with cost in the range, sorted. */
    public List<String> teams(TimeRange range) {
        String sql = "SELECT DISTINCT team FROM " + Source.of(range, " AND team != ''", true).from + " ORDER BY team";
        return clickhouse.query(sql).stream().map(row -> Rows.text(row, "team")).toList();
    }

    /** The {@code limit} owners that cost most in the range (unallocated cost is not an owner). */
    public List<OwnerCost> topSpenders(TimeRange range, GroupBy groupBy, Optional<String> team, int limit) {
        Page.check(0, limit);
        return byOwner(range, groupBy, team).stream().filter(c -> !c.owner().isEmpty()).limit(limit).toList();
    }

    /** The fleet's cost per currency in the range, with the previous period's total. */
    public List<FleetCost> fleetTotal(TimeRange range, Optional<String> team) {
        Map<String, BigDecimal> previous = new HashMap<>();
        for (JsonNode row : clickhouse.query(totalSql(range.previous(), team))) {
            previous.put(Rows.text(row, "currency"), Rows.money(row, "total"));
        }
        return clickhouse.query(totalSql(range, team)).stream().map(row -> new FleetCost(Rows.text(row, "currency"),
                Rows.money(row, "total"), Rows.money(row, "used"), Rows.money(row, "idle"), Rows.money(row, "unallocated"),
                Rows.number(row, "energy_kwh"), Rows.number(row, "co2e_kg"),
                previous.getOrDefault(Rows.text(row, "currency"), BigDecimal.ZERO))).toList();
    }

    /**
     * Allocated cost (used + idle + unallocated) per owner per step, oldest first. Steps of whole
     * days may read the daily rollup; other steps of a whole-hour range read the hourly one.
     */
    public List<CostPoint> overTime(TimeRange range, Duration step, GroupBy groupBy, Optional<String> team) {
        boolean wholeDays = step.toSeconds() > 0 && step.toSeconds() % 86400 == 0;
        Source source = Source.of(range, teamFilter(team), wholeDays);
        long stepSeconds = Math.max(source.seconds, (Math.max(1, step.toSeconds()) + source.seconds - 1) / source.seconds * source.seconds);
        String sql = """
                SELECT intDiv(toUInt32(t), %1$d) * %1$d AS bucket, %2$s AS owner, currency, toString(sum(cost)) AS cost
                FROM %3$s
                GROUP BY bucket, owner, currency
                ORDER BY bucket, owner, currency""".formatted(stepSeconds, groupBy.column, source.from);
        return clickhouse.query(sql).stream().map(row -> new CostPoint(Instant.ofEpochSecond(Rows.integer(row, "bucket")),
                Rows.text(row, "owner"), Rows.text(row, "currency"), Rows.money(row, "cost"))).toList();
    }

    private static String ownerSql(TimeRange range, GroupBy groupBy, Optional<String> team) {
        return """
                SELECT %1$s AS owner, currency,
                       toString(sumIf(cost, kind != 'unallocated')) AS allocated,
                       toString(sumIf(cost, kind = 'used')) AS used,
                       toString(sumIf(cost, kind = 'idle')) AS idle,
                       toString(sumIf(cost, kind = 'unallocated')) AS unallocated,
                       sum(energy_kwh) AS energy_kwh, sum(co2e_kg) AS co2e_kg,
                       sum(gpu_hours_allocated) AS gpu_hours_allocated, sum(gpu_hours_used) AS gpu_hours_used
                FROM %2$s
                GROUP BY owner, currency
                ORDER BY owner, currency""".formatted(groupBy.column, Source.of(range, teamFilter(team), true).from);
    }

    private static String totalSql(TimeRange range, Optional<String> team) {
        return """
                SELECT currency,
                       toString(sum(cost)) AS total,
                       toString(sumIf(cost, kind = 'used')) AS used,
                       toString(sumIf(cost, kind = 'idle')) AS idle,
                       toString(sumIf(cost, kind = 'unallocated')) AS unallocated,
                       sum(energy_kwh) AS energy_kwh, sum(co2e_kg) AS co2e_kg
                FROM %1$s
                GROUP BY currency
                ORDER BY currency""".formatted(Source.of(range, teamFilter(team), true).from);
    }

    private static String teamFilter(Optional<String> team) {
        return team.map(t -> " AND team = " + Sql.string(t)).orElse("");
    }

    /**
     * Where a cost range is read, as one sub-query with the columns {@code t, currency, cluster,
     * team, project, cost_centre, kind, gpu_hours_allocated, gpu_hours_used, cost, energy_kwh,
     * co2e_kg}: for a range on whole hours, the hourly rollup for its ragged ends and the daily
     * rollup for the whole UTC days between (when {@code daily}); for any other range the ledger
     * itself with FINAL (exact to the minute, but it reads every GPU-minute: align ranges to the
     * hour, {@link TimeRange#alignedTo}, to stay fast at fleet scale). {@code filter} is
     * {@code " AND ..."} on those columns, or "".
     */
    private record Source(String from, int seconds) {

        private static final String COLUMNS = "currency, cluster, team, project, cost_centre, kind, gpu_hours_allocated, gpu_hours_used, "
                + "cost, energy_kwh, co2e_kg";

        static Source of(TimeRange range, String filter, boolean daily) {
            if (!range.isAlignedTo(Duration.ofHours(1))) {
                return new Source("(SELECT minute AS t, " + COLUMNS + " FROM cost_ledger FINAL WHERE " + range.where("minute") + filter + ")", 60);
            }
            long day = 86400;
            long from = range.from().getEpochSecond();
            long to = range.to().getEpochSecond();
            long firstDay = (from + day - 1) / day * day;
            long lastDay = to / day * day;
            List<String> pieces = new java.util.ArrayList<>();
            if (!daily || firstDay >= lastDay) {
                pieces.add(piece("cost_ledger_1h", "hour", range, filter));
            } else {
                if (from < firstDay) {
                    pieces.add(piece("cost_ledger_1h", "hour", new TimeRange(range.from(), Instant.ofEpochSecond(firstDay)), filter));
                }
                pieces.add(piece("cost_ledger_1d", "day", new TimeRange(Instant.ofEpochSecond(firstDay), Instant.ofEpochSecond(lastDay)), filter));
                if (lastDay < to) {
                    pieces.add(piece("cost_ledger_1h", "hour", new TimeRange(Instant.ofEpochSecond(lastDay), range.to()), filter));
                }
            }
            return new Source("(" + String.join("\n    UNION ALL\n    ", pieces) + ")", 3600);
        }

        private static String piece(String table, String time, TimeRange range, String filter) {
            return "SELECT " + time + " AS t, " + COLUMNS + " FROM " + table + " WHERE " + range.where(time) + filter;
        }
    }
}
