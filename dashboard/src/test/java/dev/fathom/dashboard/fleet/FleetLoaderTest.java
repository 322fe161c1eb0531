package dev.fathom.dashboard.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.query.FleetQueries;
import dev.fathom.storage.query.GpuStatus;
import dev.fathom.storage.query.SeriesPoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FleetLoaderTest {

    @RegisterExtension
    static final ClickHouseExtension server = new ClickHouseExtension();

    static ClickHouseHttp clickhouse;

    @BeforeAll
    static void writeKnownFleet() {
        clickhouse = KnownFleet.createDatabase(server, "fleet_loader_test");
        KnownFleet.write(clickhouse);
    }

    static FleetLoader loaderFor(ClickHouseHttp clickhouse) {
        return new FleetLoader(new FleetQueries(clickhouse), clickhouse.baseUrl(), KnownFleet.CLOCK);
    }

    @Test
    void readsTheGpusThatReportedWithinTheLookbackAndTheChartSeries() {
        FleetSnapshot snapshot = loaderFor(clickhouse).load();

        assertThat(snapshot.problem()).isEmpty();
        assertThat(snapshot.at()).isEqualTo(KnownFleet.NOW);
        assertThat(snapshot.gpus()).extracting(GpuStatus::uuid)
                .containsExactly("GPU-node-a-0", "GPU-node-a-1", "GPU-node-b-0");
        assertThat(snapshot.utilization()).extracting(SeriesPoint::series).containsOnly("node-a", "node-b");
        FleetSummary summary = snapshot.summary();
        assertThat(summary.gpusReporting()).isEqualTo(3);
        assertThat(summary.meanUtilization()).isCloseTo((0.6 + 1.0 + 0.0) / 3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(summary.totalPowerWatts()).isEqualTo(350.4 + 700);
    }

    @Test
    void anEmptyDatabaseSaysThereIsNoDataYet() {
        FleetSnapshot snapshot = loaderFor(KnownFleet.createDatabase(server, "fleet_loader_empty")).load();

        assertThat(snapshot.gpus()).isEmpty();
        assertThat(snapshot.problem()).contains("No GPU data yet: is the collector running?");
    }

    @Test
    void aDatabaseNotCreatedYetAlsoSaysThereIsNoDataYet() {
        FleetSnapshot snapshot = loaderFor(new ClickHouseHttp(server.httpUrl(), "not_migrated_yet")).load();

        assertThat(snapshot.problem()).contains("No GPU data yet: is the collector running?");
    }

    @Test
    void anUnreachableServerIsNamedInTheProblem() {
        String url = KnownFleet.unreachableUrl();

        FleetSnapshot snapshot = loaderFor(new ClickHouseHttp(url, "fathom")).load();

        assertThat(snapshot.gpus()).isEmpty();
        assertThat(snapshot.problem()).contains("ClickHouse at " + url + " is unreachable: is it running? (set fathom.clickhouse.url)");
    }
}
