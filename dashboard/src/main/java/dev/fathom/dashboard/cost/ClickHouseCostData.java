package dev.fathom.dashboard.cost;

import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.query.CostQueries;
import dev.fathom.storage.query.SeriesPoint;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@link CostData} over storage's {@link CostQueries}: exact sums (BigDecimal), the ledger with
 * FINAL or its hourly rollup for whole-hour windows. Windows are half-open [from, to), as the ledger's
 * minutes are.
 */
public class ClickHouseCostData implements CostData {

    private final CostQueries queries;

    public ClickHouseCostData(ClickHouseHttp clickhouse) {
        this.queries = new CostQueries(clickhouse);
    }

    static CostQueries.GroupBy groupBy(CostGrouping grouping) {
        return CostQueries.GroupBy.valueOf(grouping.name());
    }

    @Override
    public List<CostRow> byOwner(TimeRange.Window window, CostGrouping grouping, Optional<String> team) {
        return queries.periodByOwner(window.halfOpen(), groupBy(grouping), team).stream().map(c -> new CostRow(c.owner(), c.currency(),
                c.used(), c.idle(), c.unallocated(), c.gpuHoursAllocated(), c.gpuHoursUsed(), c.energyKwh(), c.co2eKg(), null)).toList();
    }

    @Override
    public List<SeriesPoint> overTime(TimeRange.Window window, Duration step, CostGrouping grouping, Optional<String> team) {
        return queries.overTime(window.halfOpen(), step, groupBy(grouping), team).stream()
                .map(p -> new SeriesPoint(p.owner().isEmpty() ? CostRow.UNALLOCATED : p.owner(), p.time(), p.cost().doubleValue()))
                .toList();
    }

    @Override
    public List<SeriesPoint> hostOverTime(String host, TimeRange.Window window, Duration step, Optional<String> team) {
        return queries.hostOverTime(host, window.halfOpen(), step, team).stream()
                .map(p -> new SeriesPoint("cost", p.time(), p.cost().doubleValue())).toList();
    }

    @Override
    public List<String> teams(TimeRange.Window window) {
        return queries.teams(window.halfOpen());
    }
}
