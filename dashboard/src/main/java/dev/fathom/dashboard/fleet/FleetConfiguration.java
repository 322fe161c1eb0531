package dev.fathom.dashboard.fleet;

import dev.fathom.dashboard.config.DashboardProperties;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class FleetConfiguration {

    @Bean
    FleetTrends fleetTrends(ClickHouseHttp clickhouse) {
        return new ClickHouseFleetTrends(clickhouse);
    }

    @Bean
    FleetData fleetData(ClickHouseHttp clickhouse) {
        return new ClickHouseFleetData(clickhouse);
    }

    @Bean
    FleetLoader fleetLoader(FleetData data, FleetTrends trends, DashboardProperties properties) {
        return new FleetLoader(data, trends, properties.clickhouse().url());
    }
}
