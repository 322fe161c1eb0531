package dev.fathom.dashboard.fleet;

import dev.fathom.dashboard.config.DashboardProperties;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.query.FleetQueries;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class FleetConfiguration {

    @Bean
    FleetTrends fleetTrends(ClickHouseHttp clickhouse) {
        return new ClickHouseFleetTrends(clickhouse);
    }

    @Bean
    FleetLoader fleetLoader(FleetQueries queries, FleetTrends trends, DashboardProperties properties) {
        return new FleetLoader(queries, trends, properties.clickhouse().url());
    }
}
