package dev.fathom.dashboard.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.dashboard.KnownData;
import dev.fathom.dashboard.ViewTesting;
import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.query.GpuStatus;
import dev.fathom.storage.query.SeriesPoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FleetLoaderTest {

    @RegisterExtension
    static final ClickHouseExtension server = new ClickHouseExtension();

    static final TimeRange.Window LAST_15_MINUTES = TimeRange.last("15m").window(ViewTesting.NOW);

    static ClickHouseHttp clickhouse;

    @BeforeAll
    static void writeKnownFleet() {
        clickhouse = KnownData.createDatabase(server.httpUrl(), "fleet_loader_test");
        KnownData.writeFleet(clickhouse, ViewTesting.NOW);
    }

    static FleetLoader loaderFor(ClickHouseHttp clickhouse) {
        return new FleetLoader(new ClickHouseFleetData(clickhouse), new ClickHouseFleetTrends(clickhouse), clickhouse.baseUrl());
    }

    @Test
    void readsTheGpusThatReportedWithinTheLookbackTheChartSeriesAndTheEvents() {
        FleetLoader loader = loaderFor(clickhouse);
        FleetSnapshot snapshot = loader.load(LAST_15_MINUTES);

        assertThat(snapshot.problem()).isEmpty();
        assertThat(snapshot.at()).isEqualTo(ViewTesting.NOW);
        assertThat(loader.gpus(snapshot.at(), GpuSort.HOST, true, 0, 50).rows()).extracting(GpuStatus::uuid)
                .containsExactly("GPU-node-a-0", "GPU-node-a-1", "GPU-node-b-0");
        assertThat(snapshot.heatmap().hosts()).containsExactly("node-a", "node-b");
        assertThat(snapshot.heatmap().points()).extracting(SeriesPoint::series).containsOnly("node-a", "node-b");
        assertThat(snapshot.markers()).extracting(e -> e.kind() + " " + e.host() + "/" + e.gpu() + " " + e.value())
                .containsExactlyInAnyOrder("xid node-a/GPU-node-a-1 79.0", "throttle node-a/GPU-node-a-0 1.0");
        assertThat(snapshot.eventCount()).isEqualTo(2);
        assertThat(snapshot.totals()).filteredOn(p -> p.series().equals("power")).extracting(SeriesPoint::value)
                .containsExactly(350.4 + 700);
        FleetSummary summary = snapshot.summary();
        assertThat(summary.gpusReporting()).isEqualTo(3);
        assertThat(summary.meanUtilization()).isCloseTo((0.6 + 1.0 + 0.0) / 3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(summary.totalPowerWatts()).isEqualTo(350.4 + 700);
        // node-a GPU 1's last XID code is 79 and GPU 0 is throttled (hw_slowdown); node-b GPU 0 is only idle.
        assertThat(summary.unhealthy()).isEqualTo(2);
        assertThat(summary.healthy()).isEqualTo(1);
    }

    @Test
    void anEmptyDatabaseSaysThereIsNoDataYet() {
        FleetSnapshot snapshot = loaderFor(KnownData.createDatabase(server.httpUrl(), "fleet_loader_empty")).load(LAST_15_MINUTES);

        assertThat(snapshot.summary().gpusReporting()).isZero();
        assertThat(snapshot.problem()).contains("No GPU data yet: is the collector running?");
    }

    @Test
    void aDatabaseNotCreatedYetAlsoSaysThereIsNoDataYet() {
        FleetSnapshot snapshot = loaderFor(new ClickHouseHttp(server.httpUrl(), "not_migrated_yet")).load(LAST_15_MINUTES);

        assertThat(snapshot.problem()).contains("No GPU data yet: is the collector running?");
    }

    @Test
    void anUnreachableServerIsNamedInTheProblem() {
        String url = unreachableUrl();

        FleetSnapshot snapshot = loaderFor(new ClickHouseHttp(url, "fathom")).load(LAST_15_MINUTES);

        assertThat(snapshot.summary().gpusReporting()).isZero();
        assertThat(snapshot.problem()).contains("ClickHouse at " + url + " is unreachable: is it running? (set fathom.clickhouse.url)");
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
