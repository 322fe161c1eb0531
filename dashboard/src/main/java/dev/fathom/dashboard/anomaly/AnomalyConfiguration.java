package dev.fathom.dashboard.anomaly;

import dev.fathom.storage.clickhouse.ClickHouseHttp;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AnomalyConfiguration {

    @Bean
    AnomalyData anomalyData(ClickHouseHttp clickhouse) {
        return new ClickHouseAnomalyData(clickhouse);
    }
}
