package dev.fathom.storage.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.local.junit.TestSecrets;
import dev.fathom.storage.ClickHouseTestDatabase;
import dev.fathom.storage.clickhouse.ClickHouseAccess;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every query the dashboard and the CLI read through ({@link EveryQuery}) runs as the read-only
 * user (profile readonly=2) on ClickHouse 18.16 and returns as many rows, with the same columns,
 * as for the owner (float sums over a parallel UNION ALL may differ in the last digits between any
 * two runs, so values are not compared).
 */
class ReadOnlyUserQueriesTest {

    @RegisterExtension
    static final ClickHouseExtension server = ClickHouseExtension.withUsers(TestSecrets.CLICKHOUSE_READER);

    @Test
    void everyReadQueryWorksForTheReadOnlyUser() {
        ClickHouseHttp owner = ClickHouseTestDatabase.create(server, "readonly_queries");
        QueryFixture.write(owner);
        ClickHouseHttp reader = owner.as(ClickHouseAccess.user(TestSecrets.CLICKHOUSE_READER.name(), TestSecrets.CLICKHOUSE_READER.password()));

        LinkedHashSet<String> queries = new LinkedHashSet<>();
        EveryQuery.run(reader.observingQueries(queries::add));

        assertThat(queries).hasSizeGreaterThan(20);
        List<String> different = new ArrayList<>();
        for (String sql : queries) {
            if (!rows(reader, sql).equals(rows(owner, sql))) {
                different.add(sql);
            }
        }
        assertThat(different).as("queries answering differently for the read-only user").isEmpty();
    }

    /** Each row's column names, sorted: a GROUP BY without ORDER BY may return its rows in any order. */
    private static List<String> rows(ClickHouseHttp clickhouse, String sql) {
        List<String> shapes = new ArrayList<>();
        clickhouse.query(sql).forEach(row -> {
            List<String> names = new ArrayList<>();
            row.fieldNames().forEachRemaining(names::add);
            shapes.add(String.join(",", names));
        });
        return shapes.stream().sorted().toList();
    }
}
