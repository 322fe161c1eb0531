package dev.fathom.dashboard.cost;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.clickhouse.Sql;
import dev.fathom.storage.query.SeriesPoint;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@link CostData} over storage's cost_ledger table. Sums are read as text (toString of the
 * Decimal) so no cent is lost to binary floating point; FINAL collapses replayed ledger rows.
 */
public class ClickHouseCostData implements CostData {

    private final ClickHouseHttp clickhouse;

    public ClickHouseCostData(ClickHouseHttp clickhouse) {
        this.clickhouse = clickhouse;
    }

    @Override
    public List<CostRow> byOwner(TimeRange.Window window, CostGrouping grouping, Optional<String> team) {
        String sql = """
                SELECT %1$s AS owner,
                       any(currency) AS currency,
                       toString(sumIf(cost, kind = 'used')) AS used,
                       toString(sumIf(cost, kind = 'idle')) AS idle,
                       toString(sumIf(cost, kind = 'unallocated')) AS unallocated,
                       sum(gpu_hours_allocated) AS gpu_hours_allocated,
                       sum(gpu_hours_used) AS gpu_hours_used,
                       sum(energy_kwh) AS energy_kwh,
                       sum(co2e_kg) AS co2e_kg
                FROM cost_ledger FINAL
                WHERE %2$s
                GROUP BY owner
                ORDER BY owner
                """.formatted(Sql.identifier(grouping.column), where(window, team));
        return clickhouse.query(sql).stream().map(ClickHouseCostData::toRow).toList();
    }

    private static CostRow toRow(JsonNode row) {
        return new CostRow(row.get("owner").asText(), row.get("currency").asText(),
                new BigDecimal(row.get("used").asText()), new BigDecimal(row.get("idle").asText()),
                new BigDecimal(row.get("unallocated").asText()),
                row.get("gpu_hours_allocated").asDouble(), row.get("gpu_hours_used").asDouble(),
                row.get("energy_kwh").asDouble(), row.get("co2e_kg").asDouble(), null);
    }

    @Override
    public List<SeriesPoint> overTime(TimeRange.Window window, Duration step, CostGrouping grouping, Optional<String> team) {
        long seconds = Math.max(60, step.toSeconds());
        String sql = """
                SELECT %1$s AS owner, intDiv(toUInt32(minute), %2$d) * %2$d AS bucket, toString(sum(cost)) AS cost
                FROM cost_ledger FINAL
                WHERE %3$s
                GROUP BY owner, bucket
                ORDER BY owner, bucket
                """.formatted(Sql.identifier(grouping.column), seconds, where(window, team));
        return clickhouse.query(sql).stream()
                .map(row -> new SeriesPoint(row.get("owner").asText().isEmpty() ? CostRow.UNALLOCATED : row.get("owner").asText(),
                        Instant.ofEpochSecond(row.get("bucket").asLong()), new BigDecimal(row.get("cost").asText()).doubleValue()))
                .toList();
    }

    @Override
    public List<SeriesPoint> hostOverTime(String host, TimeRange.Window window, Duration step, Optional<String> team) {
        long seconds = Math.max(60, step.toSeconds());
        String sql = """
                SELECT intDiv(toUInt32(minute), %1$d) * %1$d AS bucket, toString(sum(cost)) AS cost
                FROM cost_ledger FINAL
                WHERE host = %2$s AND %3$s
                GROUP BY bucket
                ORDER BY bucket
                """.formatted(seconds, Sql.string(host), where(window, team));
        return clickhouse.query(sql).stream()
                .map(row -> new SeriesPoint("cost", Instant.ofEpochSecond(row.get("bucket").asLong()),
                        new BigDecimal(row.get("cost").asText()).doubleValue()))
                .toList();
    }

    @Override
    public List<String> teams(TimeRange.Window window) {
        String sql = "SELECT DISTINCT team FROM cost_ledger WHERE " + where(window, Optional.empty()) + " AND team != '' ORDER BY team";
        return clickhouse.query(sql).stream().map(row -> row.get("team").asText()).toList();
    }

    private static String where(TimeRange.Window window, Optional<String> team) {
        String sql = "minute >= " + Sql.dateTime(window.from()) + " AND minute < " + Sql.dateTime(window.to());
        return team.map(t -> sql + " AND team = " + Sql.string(t)).orElse(sql);
    }
}
