package dev.fathom.storage.query;

import static dev.fathom.storage.query.QueryFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.model.AttributeKeys;
import dev.fathom.model.MetricNames;
import dev.fathom.storage.ClickHouseTestDatabase;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class QueryLayerTest {

    @RegisterExtension
    static final ClickHouseExtension server = new ClickHouseExtension();

    static ClickHouseHttp clickhouse;

    @BeforeAll
    static void fixture() {
        clickhouse = ClickHouseTestDatabase.create(server, "query_layer_test");
        QueryFixture.write(clickhouse);
    }

    @Test
    void fleetLatestRankingsHealthAndMarkers() {
        FleetQueries fleet = new FleetQueries(clickhouse);
        List<GpuStatus> gpus = fleet.latestGpus(NOW, Duration.ofMinutes(5));
        assertThat(gpus).extracting(GpuStatus::uuid).containsExactly("GPU-a0", "GPU-a1", "GPU-b0");
        assertThat(gpus.get(0).utilization()).isEqualTo(0.5);
        assertThat(gpus.get(0).powerWatts()).isEqualTo(300);
        assertThat(gpus.get(0).memoryUsedBytes()).isNaN();
        assertThat(gpus.get(0).lastSeen()).isEqualTo(NOW.minusSeconds(15));
        assertThat(fleet.latestGpus(NOW, Duration.ofMinutes(5), "node-b")).extracting(GpuStatus::uuid).containsExactly("GPU-b0");

        assertThat(fleet.ranked(NOW, Duration.ofMinutes(5), FleetQueries.Ranking.BUSIEST, 2)).extracting(GpuStatus::uuid).containsExactly("GPU-b0", "GPU-a0");
        assertThat(fleet.ranked(NOW, Duration.ofMinutes(5), FleetQueries.Ranking.IDLEST, 1)).extracting(GpuStatus::uuid).containsExactly("GPU-a1");
        assertThat(fleet.ranked(NOW, Duration.ofMinutes(5), FleetQueries.Ranking.HOTTEST, 1)).extracting(GpuStatus::uuid).containsExactly("GPU-b0");

        FleetQueries.HealthCounts health = fleet.health(NOW, Duration.ofMinutes(5), FleetQueries.HealthRules.DEFAULT);
        // b0 is hot and throttled, a1 had an XID error two minutes ago; a0 is fine.
        assertThat(health).isEqualTo(new FleetQueries.HealthCounts(3, 1, 1, 1, 1, 0));
        assertThat(health.unhealthy()).isEqualTo(2);

        // The overview is the summary and the three rankings from one query, the same answers.
        for (int limit : new int[] {1, 2, 10}) {
            FleetQueries.FleetOverview overview = fleet.overview(NOW, Duration.ofMinutes(5), FleetQueries.HealthRules.DEFAULT, limit);
            assertThat(overview.summary()).isEqualTo(fleet.summary(NOW, Duration.ofMinutes(5), FleetQueries.HealthRules.DEFAULT));
            assertThat(overview.busiest()).isEqualTo(fleet.ranked(NOW, Duration.ofMinutes(5), FleetQueries.Ranking.BUSIEST, limit));
            assertThat(overview.idlest()).isEqualTo(fleet.ranked(NOW, Duration.ofMinutes(5), FleetQueries.Ranking.IDLEST, limit));
            assertThat(overview.hottest()).isEqualTo(fleet.ranked(NOW, Duration.ofMinutes(5), FleetQueries.Ranking.HOTTEST, limit));
        }
        assertThat(fleet.overview(NOW, Duration.ofMinutes(5), FleetQueries.HealthRules.DEFAULT, 2).busiest())
                .extracting(GpuStatus::uuid).containsExactly("GPU-b0", "GPU-a0");

        List<FleetQueries.Marker> markers = fleet.markers(TimeRange.last(Duration.ofHours(2), NOW), Duration.ofMinutes(1), 100);
        assertThat(markers).filteredOn(m -> m.metric().equals(MetricNames.GPU_XID_LAST)).extracting(FleetQueries.Marker::time)
                .containsExactly(NOW.minus(Duration.ofHours(1)), NOW.minusSeconds(120));
        assertThat(markers).filteredOn(m -> m.metric().equals(MetricNames.GPU_THROTTLE_ACTIVE)).extracting(FleetQueries.Marker::uuid)
                .containsOnly("GPU-b0").hasSize(5);
    }

    @Test
    void theDashboardsQueriesFleetTotalsEventsHostsCostAnomaliesDriftAndAlerts() {
        TimeRange hour = TimeRange.last(Duration.ofHours(1), NOW);
        TimeRange day = TimeRange.last(Duration.ofDays(1), NOW);
        FleetQueries fleet = new FleetQueries(clickhouse);
        List<FleetQueries.FleetTotal> totals = fleet.totals(hour, Duration.ofMinutes(5));
        // Three GPUs at 300 W each; hottest b0 at 90, mean (70 + 60 + 90) / 3.
        assertThat(totals).filteredOn(t -> t.metric().equals(MetricNames.GPU_POWER_DRAW)).hasSize(12)
                .allMatch(t -> t.total() == 900);
        assertThat(totals).filteredOn(t -> t.metric().equals(MetricNames.GPU_TEMPERATURE))
                .allMatch(t -> t.highest() == 90 && Math.abs(t.mean() - 220.0 / 3) < 1e-9);
        List<FleetQueries.GpuEvent> events = fleet.events(hour, 100);
        // XID 79 on a1 two minutes and an hour ago (the range's first second); b0 throttled in its last 5 minutes
        // (19 samples); a1's idle reason is no event.
        assertThat(events).filteredOn(e -> e.metric().equals(MetricNames.GPU_XID_LAST)).extracting(FleetQueries.GpuEvent::time)
                .containsExactly(NOW.minusSeconds(120), NOW.minus(Duration.ofHours(1)));
        assertThat(events).filteredOn(e -> e.metric().equals(MetricNames.GPU_THROTTLE_ACTIVE))
                .hasSize(19).allMatch(e -> e.host().equals("node-b") && e.value() == 1);
        assertThat(events.get(0).time()).isAfterOrEqualTo(events.get(events.size() - 1).time());

        NodeQueries node = new NodeQueries(clickhouse);
        assertThat(node.hosts(hour)).containsExactly("node-a", "node-b");
        assertThat(node.metrics("node-a", hour)).contains(new NodeQueries.MetricUnit(MetricNames.GPU_UTILIZATION, "1"));
        List<NodeQueries.DeviceStep> steps = node.deviceSteps("node-a", MetricNames.GPU_UTILIZATION, hour, Duration.ofMinutes(10));
        assertThat(steps).hasSize(12);
        assertThat(steps).filteredOn(s -> s.labels().get(AttributeKeys.GPU_UUID).equals("GPU-a0")).allMatch(s -> s.mean() == 0.5 && s.last() == 0.5);

        CostQueries cost = new CostQueries(clickhouse);
        assertThat(cost.teams(day)).containsExactly("ml", "web");
        assertThat(cost.periodByOwner(day, CostQueries.GroupBy.TEAM, Optional.of("web"))).singleElement()
                .satisfies(c -> assertThat(c.allocated()).isEqualByComparingTo("1080"));
        List<CostQueries.CostPoint> b0 = cost.hostOverTime("node-b", day, Duration.ofHours(6), Optional.empty());
        assertThat(b0).hasSize(4).allSatisfy(p -> assertThat(p.cost()).isEqualByComparingTo("360"));
        assertThat(cost.hostOverTime("node-b", day, Duration.ofHours(6), Optional.of("web"))).isEmpty();

        AnomalyQueries anomalies = new AnomalyQueries(clickhouse);
        Page<AnomalyQueries.Anomaly> top = anomalies.byScore(day, 0.65, "", "node-b", 0, 2);
        assertThat(top.total()).isEqualTo(3);
        assertThat(top.rows()).extracting(AnomalyQueries.Anomaly::score).containsExactly(0.9, 0.8);
        assertThat(anomalies.byScore(day, 0, "", "node-a", 0, 10).total()).isZero();
        AnomalyQueries.Anomaly first = top.rows().get(0);
        assertThat(anomalies.ofSeries(first.metric(), "node-b", first.seriesId(), day)).hasSize(5);
        assertThat(anomalies.onHost("node-b", day, 3)).hasSize(3);
        assertThat(anomalies.values(first.metric(), "node-b", first.seriesId(), hour, Duration.ofMinutes(10)))
                .hasSize(6).allMatch(p -> p.value() == 90);

        List<DriftQueries.MethodStep> drift = new DriftQueries(clickhouse).steps("fraud", "amount", day, Duration.ofHours(1));
        assertThat(drift).hasSize(6).allMatch(s -> s.method().equals("psi") && s.threshold() == 0.1);

        assertThat(new AlertQueries(clickhouse).withLabel(day, "host", "node-b", 10)).extracting(AlertQueries.AlertEvent::fingerprint)
                .containsExactly("fp-hot", "fp-xid", "fp-xid");
        assertThat(new AlertQueries(clickhouse).withLabel(day, "host", "node-a", 10)).isEmpty();
    }

    @Test
    void rangesPickRawMinuteOrHourTablesAndAgree() {
        assertThat(Resolution.forRange(TimeRange.last(Duration.ofHours(6), NOW))).isEqualTo(Resolution.RAW);
        assertThat(Resolution.forRange(TimeRange.last(Duration.ofDays(7), NOW))).isEqualTo(Resolution.MINUTE);
        assertThat(Resolution.forRange(TimeRange.last(Duration.ofDays(8), NOW))).isEqualTo(Resolution.HOUR);
        assertThat(Resolution.forQuery(TimeRange.last(Duration.ofHours(1), NOW), Duration.ofSeconds(15))).isEqualTo(Resolution.RAW);
        assertThat(Resolution.forQuery(TimeRange.last(Duration.ofHours(1), NOW), Duration.ofSeconds(90))).isEqualTo(Resolution.RAW);
        assertThat(Resolution.forQuery(TimeRange.last(Duration.ofHours(1), NOW), Duration.ofMinutes(5))).isEqualTo(Resolution.MINUTE);
        assertThat(Resolution.forQuery(TimeRange.last(Duration.ofDays(2), NOW), Duration.ofHours(1))).isEqualTo(Resolution.HOUR);
        assertThat(Resolution.forQuery(TimeRange.last(Duration.ofDays(10), NOW), Duration.ofMinutes(1))).isEqualTo(Resolution.HOUR);
        assertThat(Resolution.HOUR.stepSeconds(Duration.ofMinutes(5))).isEqualTo(3600);
        assertThat(Resolution.MINUTE.stepSeconds(Duration.ofSeconds(90))).isEqualTo(120);

        SeriesQueries series = new SeriesQueries(clickhouse);
        LabelFilter a0 = LabelFilter.of(Map.of(AttributeKeys.GPU_UUID, "GPU-a0"));
        TimeRange day = TimeRange.last(Duration.ofDays(1), NOW);
        for (Aggregation agg : Aggregation.values()) {
            List<Series> raw = series.series(MetricNames.GPU_UTILIZATION, a0, day, Duration.ofHours(1), agg, Resolution.RAW);
            List<Series> minute = series.series(MetricNames.GPU_UTILIZATION, a0, day, Duration.ofHours(1), agg, Resolution.MINUTE);
            List<Series> hour = series.series(MetricNames.GPU_UTILIZATION, a0, day, Duration.ofHours(1), agg, Resolution.HOUR);
            assertThat(raw).hasSize(1);
            for (List<Series> rollup : List.of(minute, hour)) {
                assertThat(rollup.get(0).points()).as(agg.name()).hasSameSizeAs(raw.get(0).points());
                for (int i = 0; i < raw.get(0).points().size(); i++) {
                    SeriesPoint expected = raw.get(0).points().get(i);
                    assertThat(rollup.get(0).points().get(i).time()).isEqualTo(expected.time());
                    assertThat(rollup.get(0).points().get(i).value()).isCloseTo(expected.value(), org.assertj.core.data.Offset.offset(1e-9));
                }
            }
        }
        List<Series> counts = series.series(MetricNames.GPU_UTILIZATION, a0, day, Duration.ofHours(1), Aggregation.COUNT);
        assertThat(counts.get(0).points()).hasSize(24);
        assertThat(counts.get(0).points().get(0).value()).isEqualTo(6); // one per 10 minutes
        assertThat(counts.get(0).points().get(23).value()).isEqualTo(240); // one per 15 s
        assertThat(counts.get(0).labels()).containsEntry("gpu.model", "NVIDIA H100 80GB HBM3");

        List<SeriesPoint> heat = new FleetQueries(clickhouse).utilizationByHost(NOW.minus(Duration.ofDays(10)), NOW, Duration.ofDays(1));
        assertThat(heat).filteredOn(p -> p.series().equals("node-b")).extracting(SeriesPoint::value)
                .allSatisfy(v -> assertThat(v).isCloseTo(0.9, org.assertj.core.data.Offset.offset(1e-9)));
        assertThat(heat).filteredOn(p -> p.series().equals("node-a")).extracting(SeriesPoint::value)
                .allSatisfy(v -> assertThat(v).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-9)));
    }

    @Test
    void nodeViewHasItsGpusAndNicsOverTime() {
        NodeQueries node = new NodeQueries(clickhouse);
        assertThat(node.gpus("node-a", NOW, Duration.ofMinutes(5))).extracting(GpuStatus::uuid).containsExactly("GPU-a0", "GPU-a1");
        Map<String, List<Series>> over = node.overTime("node-a", TimeRange.last(Duration.ofHours(1), NOW), Duration.ofMinutes(10));
        assertThat(over.get(MetricNames.GPU_UTILIZATION)).hasSize(2);
        List<Series> nic = over.get(MetricNames.NETWORK_IO + MetricNames.RATE_SUFFIX);
        assertThat(nic).hasSize(1);
        assertThat(nic.get(0).labels()).containsEntry("device", "eth0");
        assertThat(nic.get(0).points()).hasSize(6).extracting(SeriesPoint::value).containsOnly(1000.0);
        assertThat(over.get(MetricNames.FILESYSTEM_USAGE)).isEmpty();
        assertThat(new SeriesQueries(clickhouse).metrics(TimeRange.last(Duration.ofHours(1), NOW), "node-a"))
                .contains(MetricNames.GPU_UTILIZATION, MetricNames.NETWORK_IO + MetricNames.RATE_SUFFIX);
    }

    @Test
    void costByOwnerIsExactOnTheRollupAndOnTheLedgerAndTeamBound() {
        CostQueries cost = new CostQueries(clickhouse);
        TimeRange day = TimeRange.last(Duration.ofDays(1), NOW); // whole hours: the rollup
        TimeRange odd = new TimeRange(NOW.minus(Duration.ofHours(24)).plusSeconds(1800), NOW.plusSeconds(1800)); // the ledger

        for (TimeRange range : List.of(day, odd)) {
            long minutes = range.to().isAfter(NOW) ? 1410 : 1440; // the ledger ends at NOW
            List<CostQueries.OwnerCost> teams = cost.byOwner(range, CostQueries.GroupBy.TEAM, Optional.empty());
            assertThat(teams).extracting(CostQueries.OwnerCost::owner).containsExactly("ml", "web", "");
            CostQueries.OwnerCost web = teams.get(1);
            assertThat(web.used()).isEqualByComparingTo(new BigDecimal("0.5").multiply(BigDecimal.valueOf(minutes)));
            assertThat(web.idle()).isEqualByComparingTo(new BigDecimal("0.25").multiply(BigDecimal.valueOf(minutes)));
            assertThat(web.allocated()).isEqualByComparingTo(web.used().add(web.idle()));
            assertThat(web.previousAllocated()).isEqualByComparingTo("1080");
            assertThat(teams.get(2).unallocated()).isEqualByComparingTo(new BigDecimal("0.125").multiply(BigDecimal.valueOf(minutes)));
            assertThat(web.energyKwh()).isCloseTo(0.02 * minutes, org.assertj.core.data.Offset.offset(1e-6));

            CostQueries.FleetCost total = cost.fleetTotal(range, Optional.empty()).get(0);
            assertThat(total.currency()).isEqualTo("EUR");
            assertThat(total.total()).isEqualByComparingTo(new BigDecimal("1.875").multiply(BigDecimal.valueOf(minutes)));
            assertThat(total.used().add(total.idle()).add(total.unallocated())).isEqualByComparingTo(total.total());
            BigDecimal sumOfOwners = teams.stream().map(t -> t.allocated().add(t.unallocated())).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(sumOfOwners).isEqualByComparingTo(total.total());
        }
        assertThat(cost.byOwner(day, CostQueries.GroupBy.COST_CENTRE, Optional.of("web"))).extracting(CostQueries.OwnerCost::owner).containsExactly("cc-1");
        assertThat(cost.topSpenders(day, CostQueries.GroupBy.PROJECT, Optional.empty(), 1)).extracting(CostQueries.OwnerCost::owner).containsExactly("train");
        assertThat(cost.fleetTotal(day, Optional.of("ml")).get(0).total()).isEqualByComparingTo("1440");

        List<CostQueries.CostPoint> points = cost.overTime(day, Duration.ofHours(6), CostQueries.GroupBy.TEAM, Optional.of("web"));
        assertThat(points).hasSize(4).extracting(CostQueries.CostPoint::cost).allSatisfy(c -> assertThat(c).isEqualByComparingTo("270"));
    }

    @Test
    void costOverWholeDaysReadsTheDailyRollupBetweenHourlyEndsAndAgreesWithTheLedger() {
        CostQueries cost = new CostQueries(clickhouse);
        // 46 h on the hour: 10 h of the hourly rollup, a whole day of the daily one, 12 h hourly again.
        TimeRange twoDays = new TimeRange(NOW.minus(Duration.ofHours(46)), NOW);
        // The same minutes but one second later at the start: not on the hour, so the ledger itself.
        TimeRange ledger = new TimeRange(NOW.minus(Duration.ofHours(46)).minusSeconds(59), NOW);
        for (CostQueries.GroupBy g : CostQueries.GroupBy.values()) {
            List<CostQueries.OwnerCost> rollups = cost.periodByOwner(twoDays, g, Optional.empty());
            List<CostQueries.OwnerCost> minutes = cost.periodByOwner(ledger, g, Optional.empty());
            assertThat(rollups).hasSameSizeAs(minutes).hasSize(3);
            for (int i = 0; i < rollups.size(); i++) {
                CostQueries.OwnerCost a = rollups.get(i);
                CostQueries.OwnerCost b = minutes.get(i);
                assertThat(List.of(a.owner(), a.used(), a.idle(), a.unallocated())).isEqualTo(List.of(b.owner(), b.used(), b.idle(), b.unallocated()));
                assertThat(a.energyKwh()).isCloseTo(b.energyKwh(), org.assertj.core.data.Offset.offset(1e-6));
                assertThat(a.gpuHoursAllocated()).isCloseTo(b.gpuHoursAllocated(), org.assertj.core.data.Offset.offset(1e-6));
            }
        }
        CostQueries.OwnerCost web = cost.periodByOwner(twoDays, CostQueries.GroupBy.TEAM, Optional.of("web")).get(0);
        assertThat(web.used()).isEqualByComparingTo(new BigDecimal("0.5").multiply(BigDecimal.valueOf(46 * 60)));
        assertThat(cost.fleetTotal(twoDays, Optional.empty()).get(0).total())
                .isEqualByComparingTo(new BigDecimal("1.875").multiply(BigDecimal.valueOf(46 * 60)));
        assertThat(cost.teams(twoDays)).containsExactly("ml", "web");
        // Daily steps: the first and last buckets are the ragged ends (10 h and 12 h), the middle a whole day.
        List<CostQueries.CostPoint> daily = cost.overTime(twoDays, Duration.ofDays(1), CostQueries.GroupBy.TEAM, Optional.of("ml"));
        assertThat(daily).extracting(CostQueries.CostPoint::cost).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal(600), new BigDecimal(1440), new BigDecimal(720));
        assertThat(cost.hostOverTime("node-b", twoDays, Duration.ofDays(1), Optional.empty())).extracting(CostQueries.CostPoint::cost)
                .usingElementComparator(BigDecimal::compareTo).containsExactly(new BigDecimal(600), new BigDecimal(1440), new BigDecimal(720));
    }

    @Test
    void slosComeFirstWhenFiringAndReplaysCountOnce() {
        SloQueries slo = new SloQueries(clickhouse);
        List<SloQueries.SloStatus> latest = slo.latest(NOW, Duration.ofHours(1));
        assertThat(latest).extracting(SloQueries.SloStatus::slo).containsExactly("api-availability", "train-latency");
        assertThat(latest.get(0).firing()).containsExactly("page");
        assertThat(latest.get(0).budgetRemaining()).isCloseTo(0.45, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(latest.get(0).time()).isEqualTo(NOW);

        List<SloQueries.SloStatus> history = slo.history("api-availability", TimeRange.last(Duration.ofHours(1), NOW.plusSeconds(1)), Duration.ofMinutes(1));
        assertThat(history).hasSize(12);
        assertThat(history.get(0).budgetRemaining()).isEqualTo(1.0);
        assertThat(clickhouse.queryLong("SELECT count() FROM slo_status FINAL WHERE slo = 'api-availability'")).isEqualTo(12);
    }

    @Test
    void anomaliesPageNewestFirstAndComeWithTheirSeries() {
        AnomalyQueries anomalies = new AnomalyQueries(clickhouse);
        TimeRange day = TimeRange.last(Duration.ofDays(1), NOW);
        Page<AnomalyQueries.Anomaly> page = anomalies.list(day, 0, "", 0, 2);
        assertThat(page.total()).isEqualTo(5); // the replayed one counts once
        assertThat(page.rows()).extracting(AnomalyQueries.Anomaly::time).containsExactly(NOW.minusSeconds(300), NOW.minusSeconds(900));
        assertThat(anomalies.list(day, 0.65, "", 0, 10).total()).isEqualTo(3);
        assertThat(anomalies.list(day, 0, "", 4, 10).rows()).hasSize(1);

        AnomalyQueries.Anomaly first = page.rows().get(0);
        assertThat(first.labels()).containsEntry("gpu.uuid", "GPU-b0");
        AnomalyQueries.AnomalyContext context = anomalies.around(first, Duration.ofMinutes(10), Duration.ofMinutes(1));
        assertThat(context.series()).hasSize(1);
        assertThat(context.series().get(0).points()).extracting(SeriesPoint::value).containsOnly(90.0);
        assertThat(context.anomalies()).extracting(AnomalyQueries.Anomaly::expectedHigh).containsExactly(80.0, 80.0);
    }

    @Test
    void driftingFeaturesComeFirst() {
        DriftQueries drift = new DriftQueries(clickhouse);
        List<DriftQueries.DriftPoint> latest = drift.latest(NOW, Duration.ofDays(1), Optional.empty());
        assertThat(latest).extracting(DriftQueries.DriftPoint::feature).containsExactly("amount", "country");
        assertThat(latest.get(0).drifted()).isTrue();
        assertThat(latest.get(0).value()).isCloseTo(0.12, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(drift.history("fraud", Optional.of("amount"), TimeRange.last(Duration.ofDays(1), NOW.plusSeconds(1))))
                .hasSize(6).extracting(DriftQueries.DriftPoint::drifted).containsExactly(false, false, false, false, false, true);
    }

    @Test
    void alertsNotificationsAndAudit() {
        TimeRange day = TimeRange.last(Duration.ofDays(1), NOW);
        AlertQueries alerts = new AlertQueries(clickhouse);
        assertThat(alerts.events(day, "", "", 0, 10).rows()).extracting(AlertQueries.AlertEvent::status).containsExactly("resolved", "firing", "firing");
        assertThat(alerts.firing(NOW)).extracting(AlertQueries.AlertEvent::alertname).containsExactly("GpuHot");
        assertThat(alerts.firing(NOW.minus(Duration.ofMinutes(15)))).extracting(AlertQueries.AlertEvent::alertname).containsExactly("GpuXid", "GpuHot");
        Page<AlertQueries.Notification> hot = alerts.notifications(day, "g-hot", 0, 10);
        assertThat(hot.rows()).extracting(AlertQueries.Notification::attempt).containsExactly(2, 1);
        assertThat(hot.rows().get(1).error()).isEqualTo("HTTP 500");

        Page<AuditQueries.AuditEntry> audit = new AuditQueries(clickhouse).entries(day, "alice", "", 0, 1);
        assertThat(audit.total()).isEqualTo(2);
        assertThat(audit.rows()).extracting(AuditQueries.AuditEntry::action).containsExactly("login");
    }

    @Test
    void hostileInputIsEscapedOrRefused() {
        String hostile = "x' OR 1=1 --\\";
        assertThat(new AuditQueries(clickhouse).entries(TimeRange.last(Duration.ofDays(1), NOW), hostile, "", 0, 10).total()).isZero();
        assertThat(new CostQueries(clickhouse).byOwner(TimeRange.last(Duration.ofDays(1), NOW), CostQueries.GroupBy.TEAM, Optional.of(hostile))).isEmpty();
        assertThat(new SeriesQueries(clickhouse).series(hostile, LabelFilter.of(Map.of(hostile, hostile)), TimeRange.last(Duration.ofHours(1), NOW),
                Duration.ofMinutes(1), Aggregation.AVG)).isEmpty();
        assertThatThrownBy(() -> new AlertQueries(clickhouse).events(TimeRange.last(Duration.ofDays(1), NOW), "", "", -1, 10))
                .hasMessageContaining("offset");
        assertThatThrownBy(() -> new TimeRange(NOW, NOW)).hasMessageContaining("start before");
        assertThatThrownBy(() -> new AnomalyQueries(clickhouse).list(TimeRange.last(Duration.ofDays(1), NOW), Double.NaN, "", 0, 10))
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> new FleetQueries.HealthRules(Double.POSITIVE_INFINITY, Duration.ZERO)).hasMessageContaining("finite");
    }

    @Test
    void everyQueryRunsAndReadsFinalOnReplacingTables() {
        List<String> sql = new ArrayList<>();
        EveryQuery.run(clickhouse.observingQueries(sql::add));
        assertThat(sql).hasSizeGreaterThan(50);
        assertThat(sql).filteredOn(s -> s.matches("(?s).*FROM (cost_ledger|slo_status|anomalies|drift_results)\\b.*"))
                .isNotEmpty().allSatisfy(s -> assertThat(s).containsPattern("FROM (cost_ledger|slo_status|anomalies|drift_results) FINAL"));
    }
}
