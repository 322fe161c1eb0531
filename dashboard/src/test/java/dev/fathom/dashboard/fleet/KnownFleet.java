package dev.fathom.dashboard.fleet;

import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.model.AttributeKeys;
import dev.fathom.model.MetricNames;
import dev.fathom.model.Point;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.schema.Migrator;
import dev.fathom.storage.write.PointWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small fleet written to a real ClickHouse, with the values the fleet view must show for it.
 *
 * <pre>
 * node-a GPU 0  utilisation 0.2 then 0.6, 40 of 80 GiB, 350.4 W, 71 °C, 10 s ago
 * node-a GPU 1  utilisation 1.0, no memory metrics, 700 W, 80 °C, 10 s ago
 * node-b GPU 0  utilisation 0.0 only, 70 s ago
 * node-c GPU 0  last reported 20 minutes ago: outside the look-back and the chart
 * </pre>
 */
final class KnownFleet {

    static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String H100 = "NVIDIA H100 80GB HBM3";
    static final double GIB = 1024.0 * 1024 * 1024;

    private KnownFleet() {}

    /** A migrated database of its own, so test classes do not see each other's rows. */
    static ClickHouseHttp createDatabase(ClickHouseExtension server, String name) {
        ClickHouseHttp clickhouse = new ClickHouseHttp(server.httpUrl(), name);
        new Migrator(clickhouse).migrate();
        return clickhouse;
    }

    static void write(ClickHouseHttp clickhouse) {
        new PointWriter(clickhouse).write(List.of(
                gpu(MetricNames.GPU_UTILIZATION, "node-a", "0", NOW.minusSeconds(40), 0.2),
                gpu(MetricNames.GPU_UTILIZATION, "node-a", "0", NOW.minusSeconds(10), 0.6),
                gpu(MetricNames.GPU_MEMORY_USED, "node-a", "0", NOW.minusSeconds(10), 40 * GIB),
                gpu(MetricNames.GPU_MEMORY_TOTAL, "node-a", "0", NOW.minusSeconds(10), 80 * GIB),
                gpu(MetricNames.GPU_POWER_DRAW, "node-a", "0", NOW.minusSeconds(10), 350.4),
                gpu(MetricNames.GPU_TEMPERATURE, "node-a", "0", NOW.minusSeconds(10), 71),
                gpu(MetricNames.GPU_UTILIZATION, "node-a", "1", NOW.minusSeconds(10), 1.0),
                gpu(MetricNames.GPU_POWER_DRAW, "node-a", "1", NOW.minusSeconds(10), 700),
                gpu(MetricNames.GPU_TEMPERATURE, "node-a", "1", NOW.minusSeconds(10), 80),
                gpu(MetricNames.GPU_UTILIZATION, "node-b", "0", NOW.minusSeconds(70), 0.0),
                gpu(MetricNames.GPU_UTILIZATION, "node-c", "0", NOW.minusSeconds(20 * 60), 0.5)));
    }

    static Point gpu(String metric, String host, String index, Instant time, double value) {
        return new Point(metric, time.toEpochMilli(), value, "1", new TreeMap<>(Map.of(
                AttributeKeys.HOST_NAME, host,
                AttributeKeys.GPU_INDEX, index,
                AttributeKeys.GPU_UUID, "GPU-" + host + "-" + index,
                AttributeKeys.GPU_MODEL, H100)));
    }

    /** An HTTP URL where nothing listens: the port was free a moment ago. */
    static String unreachableUrl() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
