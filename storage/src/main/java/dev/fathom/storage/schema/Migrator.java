package dev.fathom.storage.schema;

import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.clickhouse.Sql;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the schema files (classpath {@code schema/NNN_name.sql}) that the database has not
 * seen, in order, and records each in {@code schema_migrations}. Every statement is written to be
 * safe to run again ({@code IF NOT EXISTS}), so two processes migrating at once, or a run that
 * died half-way, end in the same schema.
 */
public final class Migrator {

    private static final Logger log = LoggerFactory.getLogger(Migrator.class);

    private final ClickHouseHttp clickhouse;

    public Migrator(ClickHouseHttp clickhouse) {
        this.clickhouse = clickhouse;
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
        Set<String> applied = new HashSet<>();
        clickhouse.query("SELECT DISTINCT version FROM schema_migrations").forEach(row -> applied.add(row.get("version").asText()));

        List<String> newlyApplied = new ArrayList<>();
        for (SchemaFile file : SchemaFile.all()) {
            if (applied.contains(file.version())) {
                continue;
            }
            for (String statement : file.statements()) {
                clickhouse.execute(statement);
            }
            clickhouse.execute("INSERT INTO schema_migrations (version, checksum, applied_at) VALUES ("
                    + Sql.string(file.version()) + ", " + Sql.string(file.checksum()) + ", now())");
            log.info("applied schema migration {}", file.version());
            newlyApplied.add(file.version());
        }
        return newlyApplied;
    }
}
