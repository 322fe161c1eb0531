package dev.fathom.storage.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.storage.clickhouse.ClickHouseException;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.clickhouse.Sql;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database-wide lock for migrations that works on ClickHouse 18.16, which has no transactions
 * or advisory locks: {@code CREATE TABLE schema_migrations_lock} without {@code IF NOT EXISTS}
 * succeeds for exactly one caller (the server guards each table name), the others get "table
 * already exists" and wait. Closing drops the table. A lock older than the stale limit belongs to
 * a migrator that died, and is broken.
 */
final class MigrationLock implements AutoCloseable {

    static final String TABLE = "schema_migrations_lock";
    private static final int TABLE_ALREADY_EXISTS = 57;
    private static final Logger log = LoggerFactory.getLogger(MigrationLock.class);

    private final ClickHouseHttp clickhouse;

    private MigrationLock(ClickHouseHttp clickhouse) {
        this.clickhouse = clickhouse;
    }

    static MigrationLock acquire(ClickHouseHttp clickhouse, Duration wait, Duration stale) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                clickhouse.execute("CREATE TABLE " + TABLE + " (acquired_at DateTime('UTC')) ENGINE = Log");
                return new MigrationLock(clickhouse);
            } catch (ClickHouseException e) {
                if (e.code() != TABLE_ALREADY_EXISTS) {
                    throw e;
                }
            }
            long ageSeconds = lockAgeSeconds(clickhouse);
            if (ageSeconds > stale.toSeconds()) {
                log.warn("breaking a migration lock held for {} s (its migrator died?)", ageSeconds);
                clickhouse.execute("DROP TABLE IF EXISTS " + TABLE);
                continue;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("another migrator has held " + clickhouse.database() + "." + TABLE
                        + " for " + ageSeconds + " s; waited " + wait.toSeconds() + " s. If no migrator runs, drop that table.");
            }
            sleep();
        }
    }

    /** Seconds since the lock table was created, from the server's own clock; 0 if it just vanished. */
    private static long lockAgeSeconds(ClickHouseHttp clickhouse) {
        List<JsonNode> rows = clickhouse.query("SELECT toUInt32(now()) - toUInt32(metadata_modification_time) AS age FROM system.tables WHERE database = "
                + Sql.string(clickhouse.database()) + " AND name = " + Sql.string(TABLE));
        return rows.isEmpty() ? 0 : rows.get(0).get("age").asLong();
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ClickHouseException.failed("interrupted while waiting for the migration lock", e);
        }
    }

    @Override
    public void close() {
        clickhouse.execute("DROP TABLE IF EXISTS " + TABLE);
    }
}
