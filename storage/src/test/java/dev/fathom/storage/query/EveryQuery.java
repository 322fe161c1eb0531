package dev.fathom.storage.query;

import static dev.fathom.storage.query.QueryFixture.NOW;

import dev.fathom.model.AttributeKeys;
import dev.fathom.model.MetricNames;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Calls every query of the query layer once per table it can read (raw, 1-minute, 1-hour; ledger
 * and its rollup), on {@link QueryFixture}'s data. The compatibility test records the SQL each
 * call sends and replays it on current ClickHouse.
 */
final class EveryQuery {

    private EveryQuery() {}

    static void run(ClickHouseHttp clickhouse) {
        TimeRange lastHour = TimeRange.last(Duration.ofHours(1), NOW);
        TimeRange lastDay = TimeRange.last(Duration.ofDays(1), NOW);
        TimeRange lastTenDays = TimeRange.last(Duration.ofDays(10), NOW);
        TimeRange oddDay = new TimeRange(NOW.minus(Duration.ofHours(25)).plusSeconds(1800), NOW.minusSeconds(1800));

        FleetQueries fleet = new FleetQueries(clickhouse);
        fleet.latestGpus(NOW, Duration.ofMinutes(5));
        fleet.latestGpus(NOW, Duration.ofMinutes(5), "node-a");
        for (FleetQueries.Ranking r : FleetQueries.Ranking.values()) {
            fleet.ranked(NOW, Duration.ofMinutes(5), r, 2);
        }
        fleet.health(NOW, Duration.ofMinutes(5), FleetQueries.HealthRules.DEFAULT);
        fleet.utilizationByHost(lastHour.from(), lastHour.to(), Duration.ofMinutes(5));
        fleet.utilizationByHost(lastDay.from(), lastDay.to(), Duration.ofHours(1));
        fleet.utilizationByHost(lastTenDays.from(), lastTenDays.to(), Duration.ofHours(6));
        fleet.markers(lastHour, Duration.ofMinutes(1), 100);
        fleet.markers(lastDay, Duration.ofMinutes(10), 100);
        fleet.totals(lastHour, Duration.ofMinutes(5));
        fleet.totals(lastTenDays, Duration.ofHours(6));
        fleet.events(lastDay, 100);
        for (FleetQueries.GpuSort sort : FleetQueries.GpuSort.values()) {
            fleet.latestPage(NOW, Duration.ofMinutes(5), "", sort, sort.ordinal() % 2 == 0, 0, 2);
        }
        fleet.latestPage(NOW, Duration.ofMinutes(5), "NODE-A", FleetQueries.GpuSort.TEMPERATURE, true, 1, 5);
        fleet.heatmap(MetricNames.GPU_UTILIZATION, lastHour, Duration.ofMinutes(1), 0, 1);
        fleet.heatmap(MetricNames.GPU_POWER_DRAW, lastTenDays, Duration.ofHours(6), 1, 5);
        fleet.heatmap(MetricNames.GPU_TEMPERATURE, lastHour, Duration.ofSeconds(15), 0, 10);
        fleet.totals(lastDay, Duration.ofMinutes(10));
        fleet.totals(lastHour, Duration.ofSeconds(30));
        fleet.summary(NOW, Duration.ofMinutes(5), FleetQueries.HealthRules.DEFAULT);
        fleet.overview(NOW, Duration.ofMinutes(5), FleetQueries.HealthRules.DEFAULT, 2);
        fleet.latestGpus(NOW, Duration.ofMinutes(5), FleetQueries.GpuSort.UTILIZATION, true, 0, 2);
        fleet.eventCounts(lastDay);
        fleet.utilizationBands(lastHour, Duration.ofSeconds(30));
        fleet.utilizationBands(lastHour, Duration.ofMinutes(5));
        fleet.utilizationBands(lastTenDays, Duration.ofHours(6));

        NodeQueries node = new NodeQueries(clickhouse);
        node.gpus("node-a", NOW, Duration.ofMinutes(5));
        node.overTime("node-a", lastHour, Duration.ofMinutes(5));
        node.overTime("node-a", lastDay, Duration.ofHours(1));
        node.hosts(lastHour);
        node.metrics("node-a", lastHour);
        node.deviceSteps("node-a", MetricNames.GPU_UTILIZATION, lastHour, Duration.ofMinutes(5));

        SeriesQueries series = new SeriesQueries(clickhouse);
        for (Aggregation a : Aggregation.values()) {
            series.series(MetricNames.GPU_UTILIZATION, LabelFilter.of(Map.of(AttributeKeys.GPU_UUID, "GPU-a0")), lastHour, Duration.ofMinutes(10), a);
        }
        series.series(MetricNames.GPU_TEMPERATURE, LabelFilter.none(), lastTenDays, Duration.ofDays(1), Aggregation.MAX);
        series.metrics(lastHour, "node-a");

        CostQueries cost = new CostQueries(clickhouse);
        // Two days on the hour but not on the day: the hourly rollup at both ends, the daily one between.
        TimeRange twoDays = new TimeRange(NOW.minus(Duration.ofHours(46)), NOW);
        for (TimeRange range : new TimeRange[] {lastDay, oddDay, twoDays}) {
            for (CostQueries.GroupBy g : CostQueries.GroupBy.values()) {
                cost.byOwner(range, g, Optional.empty());
            }
            cost.byOwner(range, CostQueries.GroupBy.PROJECT, Optional.of("web"));
            cost.topSpenders(range, CostQueries.GroupBy.TEAM, Optional.empty(), 1);
            cost.fleetTotal(range, Optional.empty());
            cost.fleetTotal(range, Optional.of("ml"));
            cost.overTime(range, Duration.ofHours(6), CostQueries.GroupBy.TEAM, Optional.empty());
            cost.overTime(range, Duration.ofDays(1), CostQueries.GroupBy.PROJECT, Optional.of("web"));
            cost.periodByOwner(range, CostQueries.GroupBy.TEAM, Optional.of("ml"));
            cost.hostOverTime("node-a", range, Duration.ofHours(1), Optional.empty());
            cost.teams(range);
        }

        SloQueries slo = new SloQueries(clickhouse);
        slo.latest(NOW, Duration.ofHours(1));
        slo.history("api-availability", lastHour, Duration.ofMinutes(10));

        AnomalyQueries anomalies = new AnomalyQueries(clickhouse);
        AnomalyQueries.Anomaly first = anomalies.list(lastDay, 0.5, "", 0, 2).rows().get(0);
        anomalies.list(lastDay, 0, MetricNames.GPU_TEMPERATURE, 2, 2);
        anomalies.around(first, Duration.ofMinutes(30), Duration.ofMinutes(1));
        anomalies.byScore(lastDay, 0.5, "", "", 0, 5);
        anomalies.byScore(lastDay, 0, first.metric(), first.host(), 0, 5);
        anomalies.ofSeries(first.metric(), first.host(), first.seriesId(), lastDay);
        anomalies.onHost(first.host(), lastDay, 10);
        anomalies.values(first.metric(), first.host(), first.seriesId(), lastDay, Duration.ofMinutes(10));
        anomalies.values(first.metric(), first.host(), first.seriesId(), lastTenDays, Duration.ofHours(6));

        DriftQueries drift = new DriftQueries(clickhouse);
        drift.latest(NOW, Duration.ofDays(1), Optional.empty());
        drift.latest(NOW, Duration.ofDays(1), Optional.of("fraud"));
        drift.history("fraud", Optional.empty(), lastDay);
        drift.history("fraud", Optional.of("amount"), lastDay);
        drift.steps("fraud", "amount", lastDay, Duration.ofHours(1));

        AlertQueries alerts = new AlertQueries(clickhouse);
        alerts.events(lastDay, "", "", 0, 10);
        alerts.events(lastDay, "firing", "GpuXid", 0, 10);
        alerts.firing(NOW);
        alerts.notifications(lastDay, "", 0, 10);
        alerts.notifications(lastDay, "g-hot", 1, 1);
        alerts.withLabel(lastDay, "host", "node-b", 10);

        AuditQueries audit = new AuditQueries(clickhouse);
        audit.entries(lastDay, "", "", 0, 10);
        audit.entries(lastDay, "alice", "export.chargeback", 0, 10);
    }
}
