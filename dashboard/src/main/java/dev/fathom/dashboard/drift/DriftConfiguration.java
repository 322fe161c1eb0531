package dev.fathom.dashboard.drift;

import dev.fathom.storage.clickhouse.ClickHouseHttp;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class DriftConfiguration {

    @Bean
    DriftData driftData(ClickHouseHttp clickhouse) {
        return new ClickHouseDriftData(clickhouse);
    }
}
