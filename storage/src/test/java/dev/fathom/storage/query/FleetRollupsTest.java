package dev.fathom.storage.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.model.AttributeKeys;
import dev.fathom.model.MetricNames;
import dev.fathom.model.Point;
import dev.fathom.storage.ClickHouseTestDatabase;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.write.PointWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fleet pre-aggregates (gpu_latest, fleet_1m/1h, host_1m/1h, gpu_events) read right when a
 * GPU's points arrive in several insert blocks, late and out of order, before and after merges.
 */
class FleetRollupsTest {

    @RegisterExtension
    static final ClickHouseExtension server = new ClickHouseExtension();

    static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    static ClickHouseHttp clickhouse;
    static FleetQueries fleet;

    @BeforeAll
    static void writeInSeveralInserts() {
        clickhouse = ClickHouseTestDatabase.create(server, "fleet_rollups_test");
        PointWriter writer = new PointWriter(clickhouse);
        // Insert 1: h1 GPU 0 utilisation 0.2, power 100; h2 GPU 0 utilisation 0.9, temperature 80.
        writer.write(List.of(
                gpu(MetricNames.GPU_UTILIZATION, "h1", "0", 45, 0.2), gpu(MetricNames.GPU_POWER_DRAW, "h1", "0", 45, 100),
                gpu(MetricNames.GPU_UTILIZATION, "h2", "0", 45, 0.9), gpu(MetricNames.GPU_TEMPERATURE, "h2", "0", 45, 80)));
        // Insert 2: h1 GPU 0 newer utilisation 0.7 and temperature 60; h1 GPU 1; h3 GPU 0 throttled.
        writer.write(List.of(
                gpu(MetricNames.GPU_UTILIZATION, "h1", "0", 15, 0.7), gpu(MetricNames.GPU_TEMPERATURE, "h1", "0", 15, 60),
                gpu(MetricNames.GPU_POWER_DRAW, "h1", "1", 15, 300), gpu(MetricNames.GPU_UTILIZATION, "h1", "1", 15, 0.4),
                gpu(MetricNames.GPU_UTILIZATION, "h3", "0", 15, 0.0), throttle("h3", "0", 15, "hw_slowdown", 1),
                throttle("h3", "0", 15, "sw_power_cap", 0)));
        // Insert 3: a late, older sample of h1 GPU 0 (must not win); h2 idle "throttle" (not throttling) and an XID.
        writer.write(List.of(
                gpu(MetricNames.GPU_UTILIZATION, "h1", "0", 50, 0.99), throttle("h2", "0", 30, FleetQueries.IDLE_REASON, 1),
                throttle("h2", "0", 30, "hw_slowdown", 0), gpu(MetricNames.GPU_XID_LAST, "h2", "0", 30, 79)));
        fleet = new FleetQueries(clickhouse);
    }

    static Point gpu(String metric, String host, String index, long secondsAgo, double value) {
        return new Point(metric, NOW.minusSeconds(secondsAgo).toEpochMilli(), value, "1", new TreeMap<>(Map.of(
                AttributeKeys.HOST_NAME, host, AttributeKeys.GPU_INDEX, index, AttributeKeys.GPU_UUID, "GPU-" + host + "-" + index,
                AttributeKeys.GPU_MODEL, "H100", AttributeKeys.CLUSTER, "c1")));
    }

    static Point throttle(String host, String index, long secondsAgo, String reason, double value) {
        Point p = gpu(MetricNames.GPU_THROTTLE_ACTIVE, host, index, secondsAgo, value);
        TreeMap<String, String> labels = new TreeMap<>(p.labels());
        labels.put(AttributeKeys.REASON, reason);
        return new Point(p.metric(), p.timeMillis(), value, "1", labels);
    }

    @Test
    void latestValuesAcrossInsertBlocksBeforeAndAfterMerges() {
        for (int round = 0; round < 2; round++) {
            List<GpuStatus> gpus = fleet.latestGpus(NOW, Duration.ofMinutes(5));
            assertThat(gpus).extracting(GpuStatus::uuid).containsExactly("GPU-h1-0", "GPU-h1-1", "GPU-h2-0", "GPU-h3-0");
            GpuStatus h10 = gpus.get(0);
            assertThat(h10.utilization()).isEqualTo(0.7); // the late 0.99 is older
            assertThat(h10.powerWatts()).isEqualTo(100);
            assertThat(h10.temperatureCelsius()).isEqualTo(60);
            assertThat(h10.memoryUsedBytes()).isNaN();
            assertThat(h10.lastSeen()).isEqualTo(NOW.minusSeconds(15));
            // h3 is throttled (hw_slowdown); h2's idle reason is not throttling, its XID counts.
            assertThat(fleet.health(NOW, Duration.ofMinutes(5), FleetQueries.HealthRules.DEFAULT))
                    .isEqualTo(new FleetQueries.HealthCounts(4, 2, 0, 1, 1, 0));
            clickhouse.execute("OPTIMIZE TABLE gpu_latest FINAL");
        }
        // A look-back that ends before a GPU's newest sample leaves it out; one that is too short leaves out old values.
        assertThat(fleet.latestGpus(NOW.minusSeconds(40), Duration.ofMinutes(5))).isEmpty();
        GpuStatus h20 = fleet.latestGpus(NOW, Duration.ofSeconds(40), "h2").get(0);
        assertThat(h20.utilization()).isNaN(); // reported 45 s ago
    }

    @Test
    void latestPageSortsPagesAndCountsServerSide() {
        Page<GpuStatus> page = fleet.latestPage(NOW, Duration.ofMinutes(5), "", FleetQueries.GpuSort.UTILIZATION, true, 1, 2);
        assertThat(page.total()).isEqualTo(4);
        assertThat(page.rows()).extracting(GpuStatus::uuid).containsExactly("GPU-h1-0", "GPU-h1-1"); // 0.9, [0.7, 0.4], 0.0
        Page<GpuStatus> power = fleet.latestPage(NOW, Duration.ofMinutes(5), "", FleetQueries.GpuSort.POWER, false, 0, 10);
        // GPUs without a power value come last, whatever the direction.
        assertThat(power.rows()).extracting(GpuStatus::uuid).containsExactly("GPU-h1-0", "GPU-h1-1", "GPU-h2-0", "GPU-h3-0");
        Page<GpuStatus> h1 = fleet.latestPage(NOW, Duration.ofMinutes(5), "H1", FleetQueries.GpuSort.HOST, true, 0, 10);
        assertThat(h1.total()).isEqualTo(2);
        assertThat(h1.rows()).extracting(GpuStatus::uuid).containsExactly("GPU-h1-1", "GPU-h1-0");
        // A search is a value, never SQL.
        assertThat(fleet.latestPage(NOW, Duration.ofMinutes(5), "' OR 1=1 --", FleetQueries.GpuSort.HOST, false, 0, 10).total()).isZero();
        assertThatThrownBy(() -> fleet.latestPage(NOW, Duration.ofMinutes(5), "", FleetQueries.GpuSort.HOST, false, -1, 10))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void heatmapPagesHostsAndAveragesEveryResolution() {
        TimeRange minute = new TimeRange(NOW.minusSeconds(60), NOW);
        for (Duration step : List.of(Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofHours(1))) {
            FleetQueries.HeatmapPage page = fleet.heatmap(MetricNames.GPU_UTILIZATION,
                    step.toHours() > 0 ? new TimeRange(NOW.minusSeconds(3600), NOW) : minute, step, 0, 2);
            assertThat(page.totalHosts()).isEqualTo(3);
            assertThat(page.hosts()).containsExactly("h1", "h2");
            // h1: 0.2, 0.7, 0.99 (GPU 0) and 0.4 (GPU 1), whichever insert they came in.
            double h1 = page.cells().stream().filter(c -> c.series().equals("h1")).mapToDouble(SeriesPoint::value).average().orElseThrow();
            if (step.toSeconds() >= 60) {
                assertThat(h1).as("step " + step).isCloseTo((0.2 + 0.7 + 0.99 + 0.4) / 4, Offset.offset(1e-9));
            }
            assertThat(page.cells()).extracting(SeriesPoint::series).doesNotContain("h3");
        }
        FleetQueries.HeatmapPage second = fleet.heatmap(MetricNames.GPU_UTILIZATION, minute, Duration.ofMinutes(1), 2, 2);
        assertThat(second.hosts()).containsExactly("h3");
        assertThatThrownBy(() -> fleet.heatmap("gpu.fan.speed", minute, Duration.ofMinutes(1), 0, 1))
                .hasMessageContaining("heatmap metric");
    }

    @Test
    void fleetTotalsAddGpusFromDifferentInsertsAndAgreeAcrossResolutions() {
        TimeRange hour = new TimeRange(NOW.minusSeconds(3600), NOW);
        for (Duration step : List.of(Duration.ofSeconds(3600 - 1), Duration.ofMinutes(60), Duration.ofHours(1))) {
            List<FleetQueries.FleetTotal> power = fleet.totals(hour, step).stream()
                    .filter(t -> t.metric().equals(MetricNames.GPU_POWER_DRAW)).toList();
            assertThat(power).as("step " + step).hasSize(1);
            assertThat(power.get(0).total()).isCloseTo(400, Offset.offset(1e-9)); // 100 + 300, two inserts
            assertThat(power.get(0).highest()).isEqualTo(300);
        }
    }

    @Test
    void eventsAndMarkersKeepOnlyRealThrottlingAndXids() {
        TimeRange hour = new TimeRange(NOW.minusSeconds(3600), NOW);
        List<FleetQueries.GpuEvent> events = fleet.events(hour, 10);
        assertThat(events).extracting(FleetQueries.GpuEvent::host, FleetQueries.GpuEvent::metric, FleetQueries.GpuEvent::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("h3", MetricNames.GPU_THROTTLE_ACTIVE, "hw_slowdown"),
                        org.assertj.core.groups.Tuple.tuple("h2", MetricNames.GPU_XID_LAST, ""));
        assertThat(fleet.markers(hour, Duration.ofMinutes(1), 10)).extracting(FleetQueries.Marker::uuid)
                .containsExactlyInAnyOrder("GPU-h3-0", "GPU-h2-0");
    }

    @Test
    void summaryCountsHealthAndAveragesTheLatestValues() {
        FleetQueries.FleetSummary summary = fleet.summary(NOW, Duration.ofMinutes(5), FleetQueries.HealthRules.DEFAULT);
        assertThat(summary.gpus()).isEqualTo(4);
        assertThat(summary.healthy()).isEqualTo(2);
        assertThat(summary.unhealthy()).isEqualTo(2);
        assertThat(summary.throttled()).isEqualTo(1);
        assertThat(summary.xid()).isEqualTo(1);
        assertThat(summary.meanUtilization()).isCloseTo((0.7 + 0.4 + 0.9 + 0.0) / 4, Offset.offset(1e-9));
        assertThat(summary.totalPowerWatts()).isEqualTo(400);
        assertThat(fleet.summary(NOW.minus(Duration.ofDays(1)), Duration.ofMinutes(5), FleetQueries.HealthRules.DEFAULT).meanUtilization()).isNaN();
        assertThat(fleet.eventCounts(new TimeRange(NOW.minusSeconds(3600), NOW)))
                .isEqualTo(new FleetQueries.EventCounts(1, 1, 1, 1));
    }

    @Test
    void utilizationBandsCountSamplesPerBandOnEveryTable() {
        TimeRange hour = new TimeRange(NOW.minusSeconds(3600), NOW);
        for (Duration step : List.of(Duration.ofMinutes(30), Duration.ofHours(1))) {
            List<FleetQueries.UtilizationBand> bands = fleet.utilizationBands(hour, step);
            // Samples 0.2, 0.7, 0.99 (GPU h1-0), 0.4 (h1-1), 0.9 (h2-0), 0.0 (h3-0): bands 0, 2, 4, 7, 9 (two).
            assertThat(bands).extracting(FleetQueries.UtilizationBand::band).containsExactly(0, 2, 4, 7, 9);
            assertThat(bands).extracting(FleetQueries.UtilizationBand::samples).containsExactly(1L, 1L, 1L, 1L, 2L);
            FleetQueries.UtilizationBand top = bands.get(4);
            assertThat(top.share()).isCloseTo(2.0 / 6, Offset.offset(1e-9));
            assertThat(top.gpus()).isCloseTo(4 * 2.0 / 6, Offset.offset(1e-9)); // four GPUs reported utilisation
        }
        // Raw points in 15 s steps: the same samples, spread over the steps they fell in.
        Map<Integer, Long> raw = new TreeMap<>();
        fleet.utilizationBands(new TimeRange(NOW.minusSeconds(60), NOW), Duration.ofSeconds(15)).forEach(b -> raw.merge(b.band(), b.samples(), Long::sum));
        assertThat(raw).isEqualTo(Map.of(0, 1L, 2, 1L, 4, 1L, 7, 1L, 9, 2L));
    }

    @Test
    void rangesAlignOutwardToTheGrain() {
        TimeRange odd = new TimeRange(Instant.parse("2026-11-29T10:15:00Z"), Instant.parse("2026-11-29T12:00:01Z"));
        assertThat(odd.isAlignedTo(Duration.ofHours(1))).isFalse();
        TimeRange aligned = odd.alignedTo(Duration.ofHours(1));
        assertThat(aligned).isEqualTo(new TimeRange(Instant.parse("2026-11-29T10:00:00Z"), Instant.parse("2026-11-29T13:00:00Z")));
        assertThat(aligned.isAlignedTo(Duration.ofHours(1))).isTrue();
        assertThat(aligned.alignedTo(Duration.ofHours(1))).isEqualTo(aligned);
    }
}
