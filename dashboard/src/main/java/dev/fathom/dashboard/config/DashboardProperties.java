package dev.fathom.dashboard.config;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every setting the dashboard reads, under the {@code fathom} prefix (command line
 * {@code --fathom.clickhouse.url=...}, environment {@code FATHOM_CLICKHOUSE_URL}, or an
 * application.yml / application.properties beside the jar). docs/dashboard.md lists them.
 *
 * @param clickhouse where the data is
 * @param parentPid when set, the dashboard stops itself once this process is gone, so it never
 *     outlives the {@code ./fathom up} that started it
 * @param users who may log in; when empty, a first-run admin is generated (see
 *     {@code security.FirstRunAdmin})
 * @param dataDir where the dashboard keeps its own files (the first-run admin's password)
 * @param alerts the alerts service whose Alertmanager-compatible API makes and expires silences
 */
@ConfigurationProperties("fathom")
public record DashboardProperties(
        @DefaultValue ClickHouse clickhouse,
        Long parentPid,
        List<User> users,
        @DefaultValue("var/dashboard") String dataDir,
        @DefaultValue Alerts alerts) {

    public DashboardProperties {
        users = users == null ? List.of() : List.copyOf(users);
    }

    /**
     * @param url base URL of ClickHouse's HTTP interface
     * @param database the database the Fathom schema lives in
     */
    public record ClickHouse(
            @DefaultValue("http://127.0.0.1:8123") String url,
            @DefaultValue("fathom") String database) {}

    /**
     * One login.
     *
     * @param username the login name
     * @param password the bcrypt hash of the password ({@code $2a$...}, {@code $2b$...} or
     *     {@code $2y$...}), never the password itself
     * @param roles any of VIEWER, SRE, FINANCE, ADMIN; VIEWER when empty
     * @param team when set, the user sees and exports only this team's cost
     */
    public record User(String username, String password, List<String> roles, String team) {

        public User {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }

    /** @param url base URL of the alerts service (Alertmanager API v2 under /api/v2) */
    public record Alerts(@DefaultValue("http://127.0.0.1:9093") String url) {}
}
