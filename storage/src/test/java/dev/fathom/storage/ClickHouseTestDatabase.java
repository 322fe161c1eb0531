package dev.fathom.storage;

import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.schema.Migrator;

/** A migrated database of its own on the test server, so test classes do not see each other's rows. */
public final class ClickHouseTestDatabase {

    private ClickHouseTestDatabase() {}

    public static ClickHouseHttp create(ClickHouseExtension server, String name) {
        ClickHouseHttp clickhouse = new ClickHouseHttp(server.httpUrl(), name);
        new Migrator(clickhouse).migrate();
        return clickhouse;
    }
}
