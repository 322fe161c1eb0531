package dev.fathom.storage.cli;

import dev.fathom.storage.clickhouse.ClickHouseHttp;
import picocli.CommandLine.Option;

/** Where the ClickHouse server and database are; shared by the storage commands. */
final class ClickHouseOptions {

    @Option(names = "--clickhouse-url", defaultValue = "http://127.0.0.1:8123", description = "ClickHouse HTTP(S) address (default: ${DEFAULT-VALUE}); user and password from $FATHOM_CLICKHOUSE_USER and $FATHOM_CLICKHOUSE_PASSWORD(_FILE).")
    String url;

    @Option(names = "--database", defaultValue = "fathom", description = "ClickHouse database (default: ${DEFAULT-VALUE}).")
    String database;

    ClickHouseHttp connect() {
        return new ClickHouseHttp(url, database);
    }
}
