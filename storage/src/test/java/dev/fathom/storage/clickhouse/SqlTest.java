package dev.fathom.storage.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.local.junit.ClickHouseExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SqlTest {

    @RegisterExtension
    static final ClickHouseExtension server = new ClickHouseExtension();

    @Test
    void hostileStringsReachClickHouseAsTheSameText() {
        ClickHouseHttp clickhouse = new ClickHouseHttp(server.httpUrl(), "default");
        for (String hostile : new String[] {"it's", "a\\'; DROP TABLE points; --", "tab\there", "line\nbreak", "back\\slash", "nul\0byte", "ünïcødé"}) {
            String echoed = clickhouse.query("SELECT " + Sql.string(hostile) + " AS s").get(0).get("s").asText();
            assertThat(echoed).isEqualTo(hostile);
        }
    }

    @Test
    void identifiersAreCheckedNotQuoted() {
        assertThat(Sql.identifier("points")).isEqualTo("points");
        assertThat(Sql.identifier("fathom.points")).isEqualTo("fathom.points");
        assertThatThrownBy(() -> Sql.identifier("points; DROP")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRefusedStatementSaysWhatClickHouseSaid() {
        ClickHouseHttp clickhouse = new ClickHouseHttp(server.httpUrl(), "default");
        assertThatThrownBy(() -> clickhouse.execute("SELECT * FROM no_such_table"))
                .isInstanceOf(ClickHouseException.class)
                .hasMessageContaining("no_such_table")
                .hasMessageContaining("HTTP 404")
                .matches(e -> ((ClickHouseException) e).code() == ClickHouseException.UNKNOWN_TABLE)
                .matches(e -> !((ClickHouseException) e).isUnreachable());
    }

    @Test
    void anUnreachableServerIsRetryable() {
        ClickHouseHttp clickhouse = new ClickHouseHttp("http://127.0.0.1:" + dev.fathom.local.FreePorts.pick(), "default");
        assertThatThrownBy(() -> clickhouse.execute("SELECT 1"))
                .isInstanceOf(ClickHouseException.class)
                .hasMessageContaining("unreachable")
                .matches(e -> ((ClickHouseException) e).isRetryable())
                .matches(e -> ((ClickHouseException) e).isUnreachable());
    }
}
