package dev.fathom.storage.security;

import static dev.fathom.local.junit.TestSecrets.CLICKHOUSE_READER;
import static dev.fathom.local.junit.TestSecrets.CLICKHOUSE_WRITER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.local.ClickHouseUser;
import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.storage.clickhouse.ClickHouseAccess;
import dev.fathom.storage.clickhouse.ClickHouseException;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.query.AuditQueries;
import dev.fathom.storage.query.FleetQueries;
import dev.fathom.storage.query.TimeRange;
import dev.fathom.storage.schema.Migrator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real authentication on a real ClickHouse 18.16: a writing user (the jobs), a read-only user
 * (the dashboard, profile readonly=2) and what each may do; the password travels as HTTP Basic
 * authentication and never shows in an error.
 */
class ClickHouseAuthenticationTest {

    @RegisterExtension
    static final ClickHouseExtension server = ClickHouseExtension.withUsers(CLICKHOUSE_WRITER, CLICKHOUSE_READER);

    private static final String DB = "auth_test";

    static ClickHouseHttp as(ClickHouseUser user) {
        return new ClickHouseHttp(server.httpUrl(), DB, Duration.ofSeconds(20), ClickHouseAccess.user(user.name(), user.password()));
    }

    @BeforeAll
    static void schema() {
        as(CLICKHOUSE_WRITER).executeWithoutDatabase("CREATE DATABASE IF NOT EXISTS " + DB);
        new Migrator(as(CLICKHOUSE_WRITER)).migrate();
        as(CLICKHOUSE_WRITER).execute("CREATE TABLE IF NOT EXISTS notes (id UInt32, text String) ENGINE = MergeTree() ORDER BY id");
    }

    @Test
    void theWriterInsertsAltersAndReads() {
        ClickHouseHttp writer = as(CLICKHOUSE_WRITER);
        writer.insertJsonEachRow("notes", "{\"id\":1,\"text\":\"a\"}\n{\"id\":2,\"text\":\"b\"}\n".getBytes(StandardCharsets.UTF_8));
        writer.execute("ALTER TABLE notes DELETE WHERE id = 2");
        writer.execute("CREATE TABLE IF NOT EXISTS scratch (x UInt8) ENGINE = Memory");
        writer.execute("DROP TABLE scratch");
        assertThat(writer.queryLong("SELECT count() FROM notes WHERE id = 1")).isEqualTo(1);
    }

    @Test
    void theReadOnlyUserReadsWhatTheDashboardReads() {
        ClickHouseHttp reader = as(CLICKHOUSE_READER);
        assertThat(reader.queryLong("SELECT count() FROM notes WHERE id > 100")).isZero();
        Instant now = Instant.now();
        // The dashboard's own queries, with the per-request settings this client sends on the URL.
        assertThat(new FleetQueries(reader).latestGpus(now, Duration.ofMinutes(15))).isEmpty();
        assertThat(new FleetQueries(reader).health(now, Duration.ofMinutes(15), FleetQueries.HealthRules.DEFAULT).gpus()).isZero();
        assertThat(new AuditQueries(reader).entries(new TimeRange(now.minusSeconds(3600), now), "", "", 0, 10).rows()).isEmpty();
    }

    @Test
    void theReadOnlyUserCannotInsertAlterCreateOrDrop() {
        ClickHouseHttp reader = as(CLICKHOUSE_READER);
        for (Runnable write : List.<Runnable>of(
                () -> reader.insertJsonEachRow("notes", "{\"id\":9,\"text\":\"x\"}\n".getBytes(StandardCharsets.UTF_8)),
                () -> reader.execute("INSERT INTO notes SELECT 10, 'y'"),
                () -> reader.execute("ALTER TABLE notes DELETE WHERE 1"),
                () -> reader.execute("CREATE TABLE evil (x UInt8) ENGINE = Memory"),
                () -> reader.execute("DROP TABLE notes"),
                () -> reader.execute("TRUNCATE TABLE notes"))) {
            assertThatThrownBy(write::run).isInstanceOfSatisfying(ClickHouseException.class, e -> {
                assertThat(e.code()).isEqualTo(ClickHouseException.READONLY);
                assertThat(e.getMessage()).contains("user 'fathom_dashboard' is read-only");
                assertThat(e.isRetryable()).isFalse();
            });
        }
        assertThat(as(CLICKHOUSE_WRITER).queryLong("EXISTS TABLE notes")).isEqualTo(1);
    }

    @Test
    void theReadOnlyUserCannotLiftReadOnlyThroughASetting() {
        ClickHouseHttp reader = as(CLICKHOUSE_READER);
        assertThatThrownBy(() -> reader.insert("notes", List.of("id", "text"), "JSONEachRow",
                "{\"id\":11,\"text\":\"z\"}\n".getBytes(StandardCharsets.UTF_8), Map.of("readonly", "0")))
                .isInstanceOf(ClickHouseException.class);
        assertThat(as(CLICKHOUSE_WRITER).queryLong("SELECT count() FROM notes WHERE id = 11")).isZero();
    }

    @Test
    void aWrongPasswordIsRefusedNamingTheUserButNotThePassword() {
        String wrong = dev.fathom.local.junit.TestSecrets.PREFIX + "not-the-password";
        ClickHouseHttp client = new ClickHouseHttp(server.httpUrl(), DB, Duration.ofSeconds(20), ClickHouseAccess.user("fathom_writer", wrong));
        assertThatThrownBy(() -> client.queryLong("SELECT 1")).isInstanceOfSatisfying(ClickHouseException.class, e -> {
            assertThat(e.code()).isIn(ClickHouseException.WRONG_PASSWORD, ClickHouseException.AUTHENTICATION_FAILED);
            assertThat(e.getMessage()).contains("user 'fathom_writer'").contains("FATHOM_CLICKHOUSE_PASSWORD")
                    .doesNotContain(wrong).doesNotContain(CLICKHOUSE_WRITER.password());
            assertThat(e.isRetryable()).isFalse();
        });
    }

    @Test
    void anUnknownUserIsRefused() {
        ClickHouseHttp client = new ClickHouseHttp(server.httpUrl(), DB, Duration.ofSeconds(20), ClickHouseAccess.user("nobody", "x"));
        assertThatThrownBy(() -> client.queryLong("SELECT 1")).isInstanceOfSatisfying(ClickHouseException.class,
                e -> assertThat(e.getMessage()).contains("user 'nobody'"));
    }

    @Test
    void aUrlCarryingCredentialsIsRefusedWithoutEchoingThem() {
        String password = CLICKHOUSE_WRITER.password();
        for (String url : List.of("http://fathom_writer:" + password + "@127.0.0.1:8123", "http://127.0.0.1:8123/?user=fathom_writer&password=" + password)) {
            assertThatThrownBy(() -> new ClickHouseHttp(url, DB)).isInstanceOfSatisfying(IllegalArgumentException.class,
                    e -> assertThat(e.getMessage()).contains("FATHOM_CLICKHOUSE_USER").doesNotContain(password));
        }
    }

    @Test
    void theClientSaysWhoItIsWithoutThePassword() {
        assertThat(as(CLICKHOUSE_WRITER).access().toString()).contains("fathom_writer").doesNotContain(CLICKHOUSE_WRITER.password());
    }
}
