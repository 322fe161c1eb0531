package dev.fathom.storage.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.model.MetricNames;
import dev.fathom.model.Point;
import dev.fathom.storage.ClickHouseTestDatabase;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.write.PointWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FleetQueriesTest {

    @RegisterExtension
    static final ClickHouseExtension server = new ClickHouseExtension();

    static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    static FleetQueries queries;

    @BeforeAll
    static void writePoints() {
        ClickHouseHttp clickhouse = ClickHouseTestDatabase.create(server, "fleet_queries_test");
        List<Point> points = new ArrayList<>();
        // node-a GPU 0: utilisation 0.2 then 0.6 (latest), memory and temperature.
        points.add(gpu(MetricNames.GPU_UTILIZATION, "node-a", "0", "GPU-a0", NOW.minusSeconds(20), 0.2));
        points.add(gpu(MetricNames.GPU_UTILIZATION, "node-a", "0", "GPU-a0", NOW.minusSeconds(10), 0.6));
        points.add(gpu(MetricNames.GPU_MEMORY_USED, "node-a", "0", "GPU-a0", NOW.minusSeconds(10), 40e9));
        points.add(gpu(MetricNames.GPU_TEMPERATURE, "node-a", "0", "GPU-a0", NOW.minusSeconds(10), 71));
        // node-a GPU 10 sorts after GPU 2 by number, not by text.
        points.add(gpu(MetricNames.GPU_UTILIZATION, "node-a", "10", "GPU-a10", NOW.minusSeconds(10), 1.0));
        points.add(gpu(MetricNames.GPU_UTILIZATION, "node-a", "2", "GPU-a2", NOW.minusSeconds(10), 0.0));
        // node-b GPU 0 only too long ago.
        points.add(gpu(MetricNames.GPU_UTILIZATION, "node-b", "0", "GPU-b0", NOW.minusSeconds(3600), 0.9));
        new PointWriter(clickhouse).write(points);
        queries = new FleetQueries(clickhouse);
    }

    static Point gpu(String metric, String host, String index, String uuid, Instant time, double value) {
        return new Point(metric, time.toEpochMilli(), value, "1", new TreeMap<>(Map.of(
                "host.name", host, "gpu.index", index, "gpu.uuid", uuid, "gpu.model", "NVIDIA H100 80GB HBM3")));
    }

    @Test
    void latestGpusTakesTheNewestValueOfEachMetricAndMarksMissingOnesNaN() {
        List<GpuStatus> gpus = queries.latestGpus(NOW, Duration.ofMinutes(5));

        assertThat(gpus).extracting(GpuStatus::uuid).containsExactly("GPU-a0", "GPU-a2", "GPU-a10");
        GpuStatus a0 = gpus.get(0);
        assertThat(a0.host()).isEqualTo("node-a");
        assertThat(a0.model()).isEqualTo("NVIDIA H100 80GB HBM3");
        assertThat(a0.utilization()).isEqualTo(0.6);
        assertThat(a0.memoryUsedBytes()).isEqualTo(40e9);
        assertThat(a0.temperatureCelsius()).isEqualTo(71);
        assertThat(a0.powerWatts()).isNaN();
        assertThat(a0.lastSeen()).isEqualTo(NOW.minusSeconds(10));
    }

    @Test
    void utilizationByHostAveragesEachStep() {
        List<SeriesPoint> series = queries.utilizationByHost(NOW.minusSeconds(60), NOW, Duration.ofMinutes(1));

        assertThat(series).hasSize(1);
        SeriesPoint nodeA = series.get(0);
        assertThat(nodeA.series()).isEqualTo("node-a");
        assertThat(nodeA.time()).isEqualTo(NOW.minusSeconds(60));
        assertThat(nodeA.value()).isCloseTo((0.2 + 0.6 + 1.0 + 0.0) / 4, org.assertj.core.data.Offset.offset(1e-9));
    }
}
