package dev.fathom.cli.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.schema.Migrator;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Both ceilings against the real server: every inserted row lands, and only points feeds the views. */
class InsertCeilingTest {

    @RegisterExtension
    static final ClickHouseExtension server = new ClickHouseExtension();

    @Test
    void theSameRowsGoIntoPointsWithItsViewsAndIntoTheCopyWithout() throws Exception {
        ClickHouseHttp clickhouse = new ClickHouseHttp(server.httpUrl(), "ceiling_test");
        new Migrator(clickhouse).migrate();
        GeneratedSeries series = new GeneratedSeries(GeneratedSeries.SERIES_PER_HOST * 10);
        ResourceSampler resources = new ResourceSampler();

        InsertCeiling.Result withViews = InsertCeiling.measure(clickhouse, "points", series, 160, 2, Duration.ofMillis(300),
                resources, () -> false);
        long minuteRollups = clickhouse.queryLong("SELECT countMerge(count_value) FROM points_1m");

        InsertCeiling.createTableWithoutViews(clickhouse);
        InsertCeiling.Result bare = InsertCeiling.measure(clickhouse, InsertCeiling.NO_VIEWS_TABLE, series, 160, 2,
                Duration.ofMillis(300), resources, () -> false);

        assertThat(withViews.rows()).isPositive();
        assertThat(clickhouse.queryLong("SELECT count() FROM points")).isEqualTo(withViews.rows());
        assertThat(minuteRollups).isEqualTo(withViews.rows());
        assertThat(bare.rows()).isPositive();
        assertThat(clickhouse.queryLong("SELECT count() FROM " + InsertCeiling.NO_VIEWS_TABLE)).isEqualTo(bare.rows());
        // Nothing read the copy: the views' tables hold what they held before it.
        assertThat(clickhouse.queryLong("SELECT count() FROM points")).isEqualTo(withViews.rows());
        assertThat(clickhouse.queryLong("SELECT countMerge(count_value) FROM points_1m")).isEqualTo(minuteRollups);
        assertThat(bare.rowsPerSecond()).isPositive();
    }
}
