package dev.fathom.storage.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.model.Point;
import dev.fathom.storage.ClickHouseTestDatabase;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.write.PointWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PartitionRetentionTest {

    @RegisterExtension
    static final ClickHouseExtension server = new ClickHouseExtension();

    static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    static Point point(Instant time) {
        return new Point("retention.metric", time.toEpochMilli(), 1, "1", new TreeMap<>(Map.of("host.name", "h")));
    }

    static void writeDays(ClickHouseHttp clickhouse, int... daysAgo) {
        PointWriter writer = new PointWriter(clickhouse);
        for (int d : daysAgo) {
            writer.write(List.of(point(NOW.minus(Duration.ofDays(d)))));
        }
    }

    @Test
    void dropsRawDaysAndRollupMonthsOlderThanTheirPeriodAndKeepsTheRest() {
        ClickHouseHttp clickhouse = ClickHouseTestDatabase.create(server, "retention_test");
        writeDays(clickhouse, 0, 1, 2, 3, 40, 70);
        RetentionPolicy policy = RetentionPolicy.none().with("points", Period.ofDays(2)).with("points_1m", Period.ofMonths(2));
        PartitionRetention retention = new PartitionRetention(clickhouse, policy);

        List<PartitionRetention.DroppedPartition> planned = retention.dryRun(NOW);
        assertThat(clickhouse.queryLong("SELECT count() FROM points")).isEqualTo(6);

        List<PartitionRetention.DroppedPartition> dropped = retention.apply(NOW);

        assertThat(dropped).isEqualTo(planned);
        // Raw: kept from 2026-11-27 on; the days 3, 40 and 70 ago go.
        assertThat(dropped).filteredOn(p -> p.table().equals("points")).extracting(PartitionRetention.DroppedPartition::partition)
                .containsExactly("20260920", "20261020", "20261126");
        assertThat(clickhouse.queryLong("SELECT count() FROM points")).isEqualTo(3);
        // 1m rollups: kept from 2026-09-29 on, so only September's partition goes (its last day is the 30th).
        assertThat(dropped).filteredOn(p -> p.table().equals("points_1m")).extracting(PartitionRetention.DroppedPartition::partition)
                .isEmpty();
        assertThat(retention.apply(NOW.plus(Duration.ofDays(2)))).filteredOn(p -> p.table().equals("points_1m"))
                .extracting(PartitionRetention.DroppedPartition::partition).containsExactly("202609");
        // 1h rollups are not in this policy: untouched.
        assertThat(clickhouse.queryLong("SELECT countMerge(count_value) FROM points_1h")).isEqualTo(6);
    }

    @Test
    void theScheduleRunsAtOnceAndAgainUntilClosed() throws Exception {
        ClickHouseHttp clickhouse = ClickHouseTestDatabase.create(server, "retention_schedule_test");
        writeDays(clickhouse, 0, 10);
        PartitionRetention retention = new PartitionRetention(clickhouse, RetentionPolicy.none().with("points", Period.ofDays(5)));

        try (RetentionSchedule schedule = RetentionSchedule.start(retention, Duration.ofMillis(200), Clock.fixed(NOW, ZoneOffset.UTC))) {
            waitFor(() -> clickhouse.queryLong("SELECT count() FROM points") == 1);
            writeDays(clickhouse, 20); // arrives late; the next run removes it
            waitFor(() -> clickhouse.queryLong("SELECT count() FROM points") == 1);
        }
        assertThat(clickhouse.queryLong("SELECT min(ts) >= toDateTime('2026-11-29 00:00:00', 'UTC') FROM points")).isEqualTo(1);
    }

    @Test
    void specsOverrideDefaultsAndBadOnesNameTheProblem() {
        RetentionPolicy policy = RetentionPolicy.defaults().withSpec("points=P14D, cost_ledger=P10Y");
        assertThat(policy.tables()).containsEntry("points", Period.ofDays(14)).containsEntry("cost_ledger", Period.ofYears(10))
                .containsEntry("points_1h", Period.ofYears(2));
        assertThatThrownBy(() -> RetentionPolicy.defaults().withSpec("points=30 days")).hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> RetentionPolicy.defaults().withSpec("points")).hasMessageContaining("table=PERIOD");
        assertThatThrownBy(() -> RetentionPolicy.defaults().withSpec("points; DROP=P1D")).hasMessageContaining("identifier");
        assertThatThrownBy(() -> PartitionRetention.lastDay("x", "tuple()")).hasMessageContaining("toYYYYMM");
        assertThat(PartitionRetention.lastDay("x", "202402")).isEqualTo(LocalDate.of(2024, 2, 29));
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 20 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
