package dev.fathom.dashboard.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every setting the dashboard reads, under the {@code fathom} prefix (command line
 * {@code --fathom.clickhouse.url=...}, environment {@code FATHOM_CLICKHOUSE_URL}, or
 * application.properties).
 *
 * @param clickhouse where the data is
 * @param parentPid when set, the dashboard stops itself once this process is gone, so it never
 *     outlives the {@code ./fathom up} that started it
 */
@ConfigurationProperties("fathom")
public record DashboardProperties(@DefaultValue ClickHouse clickhouse, Long parentPid) {

    /**
     * @param url base URL of ClickHouse's HTTP interface
     * @param database the database the Fathom schema lives in
     */
    public record ClickHouse(
            @DefaultValue("http://127.0.0.1:8123") String url,
            @DefaultValue("fathom") String database) {}
}
