package dev.fathom.storage.schema;

import dev.fathom.storage.clickhouse.ClickHouseException;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.clickhouse.Sql;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the schema files (classpath {@code schema/NNN_name.sql}) that the database has not
 * seen, in order, and records each in {@code schema_migrations}.
 *
 * <p>Two processes migrating at once: the first takes {@link MigrationLock} (a table whose
 * {@code CREATE} only one caller can win), the other waits, then finds the files recorded and does
 * nothing. A run that died half-way is safe to repeat too: statements are {@code IF NOT EXISTS},
 * and the "already exists" answers 18.16 gives where it has no {@code IF NOT EXISTS}
 * ({@code ADD COLUMN}) count as done.
 */
public final class Migrator {

    private static final Logger log = LoggerFactory.getLogger(Migrator.class);

    /** ClickHouse's codes for "column already exists" and "table already exists". */
    private static final Set<Integer> ALREADY_DONE = Set.of(44, 57);

    private final ClickHouseHttp clickhouse;
    private final List<SchemaFile> files;
    private final Duration lockWait;
    private final Duration staleLock;

    public Migrator(ClickHouseHttp clickhouse) {
        this(clickhouse, SchemaFile.all(), Duration.ofMinutes(2), Duration.ofMinutes(10));
    }

    /**
     * @param files the schema files to apply, in order
     * @param lockWait how long to wait for another migrator before giving up
     * @param staleLock a lock older than this was left by a migrator that died and is broken
     */
    public Migrator(ClickHouseHttp clickhouse, List<SchemaFile> files, Duration lockWait, Duration staleLock) {
        this.clickhouse = clickhouse;
        this.files = List.copyOf(files);
        this.lockWait = lockWait;
        this.staleLock = staleLock;
    }

    /** Creates the database if needed and applies pending migrations; returns the versions applied. */
    public List<String> migrate() {
        clickhouse.executeWithoutDatabase("CREATE DATABASE IF NOT EXISTS " + Sql.identifier(clickhouse.database()));
        clickhouse.execute("""
                CREATE TABLE IF NOT EXISTS schema_migrations
                (
                    version    String,
                    checksum   String,
                    applied_at DateTime('UTC')
                )
                ENGINE = ReplacingMergeTree()
                ORDER BY version""");
        if (pending().isEmpty()) {
            return List.of();
        }
        try (MigrationLock lock = MigrationLock.acquire(clickhouse, lockWait, staleLock)) {
            List<String> newlyApplied = new ArrayList<>();
            for (SchemaFile file : pending()) {
                for (String statement : file.statements()) {
                    executeIdempotent(statement);
                }
                clickhouse.execute("INSERT INTO schema_migrations (version, checksum, applied_at) VALUES ("
                        + Sql.string(file.version()) + ", " + Sql.string(file.checksum()) + ", now())");
                log.info("applied schema migration {}", file.version());
                newlyApplied.add(file.version());
            }
            return newlyApplied;
        }
    }

    /** The versions recorded as applied. */
    public Set<String> applied() {
        Set<String> applied = new HashSet<>();
        clickhouse.query("SELECT DISTINCT version FROM schema_migrations").forEach(row -> applied.add(row.get("version").asText()));
        return applied;
    }

    private List<SchemaFile> pending() {
        Set<String> applied = applied();
        return files.stream().filter(f -> !applied.contains(f.version())).toList();
    }

    private void executeIdempotent(String statement) {
        try {
            clickhouse.execute(statement);
        } catch (ClickHouseException e) {
            if (!ALREADY_DONE.contains(e.code())) {
                throw e;
            }
            log.info("already in place, skipped: {}", e.getMessage());
        }
    }
}
