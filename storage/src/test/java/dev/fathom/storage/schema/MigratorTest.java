package dev.fathom.storage.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import java.util.List;
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

        assertThat(first).isEqualTo(SchemaFile.all().stream().map(SchemaFile::version).toList()).contains("001_points");
        assertThat(second).isEmpty();
        assertThat(clickhouse.queryLong("SELECT count() FROM system.tables WHERE database = 'migrator_test' AND name IN ('points', 'rejected_records')"))
                .isEqualTo(2);
    }

    @Test
    void splitsFilesIntoStatementsAndDropsComments() {
        SchemaFile file = new SchemaFile("999_x", "-- a comment\nCREATE TABLE a (x UInt8) ENGINE = Memory;\n\n-- another\nCREATE TABLE b (y UInt8) ENGINE = Memory\n");
        assertThat(file.statements()).containsExactly(
                "CREATE TABLE a (x UInt8) ENGINE = Memory",
                "CREATE TABLE b (y UInt8) ENGINE = Memory");
    }
}
