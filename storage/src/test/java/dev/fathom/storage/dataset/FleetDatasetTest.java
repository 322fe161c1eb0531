package dev.fathom.storage.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.storage.ClickHouseTestDatabase;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.query.CostQueries;
import dev.fathom.storage.query.FleetQueries;
import dev.fathom.storage.query.GpuStatus;
import dev.fathom.storage.query.Page;
import dev.fathom.storage.query.TimeRange;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FleetDatasetTest {

    @RegisterExtension
    static final ClickHouseExtension server = new ClickHouseExtension();

    static final Instant END = Instant.parse("2026-11-29T12:00:00Z");
    static final FleetDataset.Size SIZE = new FleetDataset.Size(20, 3, 1, 3, 2);

    @Test
    void writesEveryTableDeterministicallyAndTheQueriesReadIt() {
        ClickHouseHttp a = ClickHouseTestDatabase.create(server, "fleet_dataset_a");
        ClickHouseHttp b = ClickHouseTestDatabase.create(server, "fleet_dataset_b");
        List<String> progress = new ArrayList<>();
        FleetDataset.Report report = new FleetDataset(a, SIZE, END).generate(progress::add);
        new FleetDataset(b, SIZE, END).generate(line -> {});

        assertThat(progress).anyMatch(l -> l.startsWith("raw points")).anyMatch(l -> l.startsWith("cost rollups"));
        assertThat(report.rawPoints()).isEqualTo(20L * 7 * 240);
        assertThat(report.rows().get("points")).isEqualTo(report.rawPoints());
        assertThat(report.rows()).allSatisfy((table, rows) -> assertThat(rows).as(table).isPositive());
        // Same sizes and end: the same data, table by table.
        for (String table : FleetDataset.TABLES) {
            String checksum = table.startsWith("cost_ledger") ? "toString(sum(cost))"
                    : table.equals("points") || table.equals("gpu_events") ? "sum(cityHash64(metric, host, time_ms, value))" : "0";
            String sql = "SELECT count() AS n, " + checksum + " AS h FROM " + table;
            assertThat(a.query(sql).toString()).as(table).isEqualTo(b.query(sql).toString());
        }

        // The query layer reads it: 20 GPUs on 3 hosts, node-0000 first; cost adds up on every table.
        FleetQueries fleet = new FleetQueries(a);
        Page<GpuStatus> page = fleet.latestGpus(END, Duration.ofMinutes(5), FleetQueries.GpuSort.HOST, true, 0, 10);
        assertThat(page.total()).isEqualTo(20);
        assertThat(page.rows().get(0).host()).isEqualTo("node-0000");
        assertThat(page.rows().get(0).utilization()).isBetween(0.0, 1.0);
        assertThat(fleet.heatmap("gpu.utilization", TimeRange.last(Duration.ofDays(3), END), Duration.ofHours(6), 0, 2).totalHosts()).isEqualTo(3);
        assertThat(fleet.totals(TimeRange.last(Duration.ofDays(3), END), Duration.ofHours(6))).hasSize(3 * 12);
        CostQueries cost = new CostQueries(a);
        TimeRange all = TimeRange.last(Duration.ofDays(3), END);
        BigDecimal total = cost.fleetTotal(all, Optional.empty()).get(0).total();
        BigDecimal hostSum = new BigDecimal(a.query("SELECT toString(sum(cost)) AS c FROM cost_ledger_host_1h").get(0).get("c").asText());
        assertThat(total).isEqualByComparingTo(hostSum);
        // 20 GPUs x 72 h, priced by cluster (2.40, 2.40, 1.80 per GPU-hour for hosts 0, 1, 2 of 8, 8 and 4 GPUs).
        assertThat(total).isEqualByComparingTo(new BigDecimal("2.40").multiply(BigDecimal.valueOf(16)).add(new BigDecimal("1.80").multiply(BigDecimal.valueOf(4)))
                .multiply(BigDecimal.valueOf(72)));
    }

    @Test
    void refusesSizesAndEndsItCannotWrite() {
        assertThatThrownBy(() -> new FleetDataset.Size(0, 30, 1, 6, 2)).hasMessageContaining("gpus >= 1");
        assertThatThrownBy(() -> new FleetDataset.Size(10, 1, 2, 1, 2)).hasMessageContaining("rawHours <= minuteHours");
        assertThatThrownBy(() -> new FleetDataset(new ClickHouseHttp("http://127.0.0.1:1", "x"), FleetDataset.Size.of(8, 1), END.plusSeconds(60)))
                .hasMessageContaining("whole hour");
    }
}
