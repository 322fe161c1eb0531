package dev.fathom.storage.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MigratorTest {

    @RegisterExtension
    static final ClickHouseExtension server = new ClickHouseExtension();

    @Test
    void appliesEveryFileOnceAndASecondRunDoesNothing() {
        ClickHouseHttp clickhouse = new ClickHouseHttp(server.httpUrl(), "migrator_test");
        List<String> first = new Migrator(clickhouse).migrate();
        List<String> second = new Migrator(clickhouse).migrate();

        assertThat(first).isEqualTo(SchemaFile.all().stream().map(SchemaFile::version).toList()).contains("001_points", "004_points_rollups");
        assertThat(second).isEmpty();
        assertThat(clickhouse.queryLong("SELECT count() FROM system.tables WHERE database = 'migrator_test' AND name IN ('points', 'rejected_records', 'points_1m', 'points_1h', 'sink_batches')"))
                .isEqualTo(5);
        assertThat(clickhouse.queryLong("SELECT count() FROM schema_migrations FINAL")).isEqualTo(SchemaFile.all().size());
    }

    @Test
    void twoMigratorsAtOnceApplyEachFileExactlyOnce() throws Exception {
        // Several rounds, each on a fresh database, so the two really overlap at least once.
        for (int round = 0; round < 3; round++) {
            String db = "migrator_race_" + round;
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Callable<List<String>>> both = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                both.add(() -> new Migrator(new ClickHouseHttp(server.httpUrl(), db)).migrate());
            }
            List<Future<List<String>>> results = pool.invokeAll(both);
            pool.shutdown();
            List<String> applied = new ArrayList<>(results.get(0).get());
            applied.addAll(results.get(1).get());

            assertThat(applied).containsExactlyInAnyOrderElementsOf(SchemaFile.all().stream().map(SchemaFile::version).toList());
            ClickHouseHttp clickhouse = new ClickHouseHttp(server.httpUrl(), db);
            assertThat(clickhouse.queryLong("SELECT count() FROM schema_migrations")).isEqualTo(SchemaFile.all().size());
            assertThat(clickhouse.queryLong("SELECT count() FROM system.tables WHERE database = '" + db + "' AND name = 'schema_migrations_lock'")).isZero();
        }
    }

    @Test
    void aRunThatDiedHalfWayIsCompletedAndAStaleLockIsBroken() {
        ClickHouseHttp clickhouse = new ClickHouseHttp(server.httpUrl(), "migrator_half");
        List<SchemaFile> all = SchemaFile.all();
        // A migrator that applied 003's statements but died before recording it, holding the lock.
        new Migrator(clickhouse, all.subList(0, 2), Duration.ofSeconds(5), Duration.ofMinutes(10)).migrate();
        all.get(2).statements().forEach(clickhouse::execute);
        clickhouse.execute("CREATE TABLE schema_migrations_lock (acquired_at DateTime('UTC')) ENGINE = Log");

        List<String> applied = new Migrator(clickhouse, all, Duration.ofSeconds(30), Duration.ofSeconds(1)).migrate();

        assertThat(applied).first().isEqualTo(all.get(2).version());
        assertThat(applied).hasSize(all.size() - 2);
        assertThat(clickhouse.queryLong("SELECT count() FROM system.columns WHERE database = 'migrator_half' AND table = 'points' AND name = 'batch_id'")).isEqualTo(1);
    }

    @Test
    void splitsFilesIntoStatementsAndDropsComments() {
        SchemaFile file = new SchemaFile("999_x", "-- a comment\nCREATE TABLE a (x UInt8) ENGINE = Memory;\n\n-- another\nCREATE TABLE b (y UInt8) ENGINE = Memory\n");
        assertThat(file.statements()).containsExactly(
                "CREATE TABLE a (x UInt8) ENGINE = Memory",
                "CREATE TABLE b (y UInt8) ENGINE = Memory");
    }
}
