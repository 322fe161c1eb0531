package dev.fathom.dashboard.slo;

import dev.fathom.storage.clickhouse.ClickHouseHttp;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SloConfiguration {

    @Bean
    SloData sloData(ClickHouseHttp clickhouse) {
        return new ClickHouseSloData(clickhouse);
    }
}
