package dev.fathom.dashboard.fleet;

import dev.fathom.dashboard.config.DashboardProperties;
import dev.fathom.storage.query.FleetQueries;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class FleetConfiguration {

    @Bean
    FleetLoader fleetLoader(FleetQueries queries, DashboardProperties properties, Clock clock) {
        return new FleetLoader(queries, properties.clickhouse().url(), clock);
    }
}
