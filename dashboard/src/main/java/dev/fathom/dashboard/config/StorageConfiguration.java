package dev.fathom.dashboard.config;

import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.query.FleetQueries;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The ClickHouse client and the queries the views read through. */
@Configuration(proxyBeanMethods = false)
public class StorageConfiguration {

    /** Views query on the UI thread, so a slow server must not hold a page for a minute. */
    static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);

    @Bean
    ClickHouseHttp clickHouseHttp(DashboardProperties properties) {
        return new ClickHouseHttp(properties.clickhouse().url(), properties.clickhouse().database(), QUERY_TIMEOUT);
    }

    @Bean
    FleetQueries fleetQueries(ClickHouseHttp clickhouse) {
        return new FleetQueries(clickhouse);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
