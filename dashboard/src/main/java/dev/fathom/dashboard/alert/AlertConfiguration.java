package dev.fathom.dashboard.alert;

import dev.fathom.dashboard.config.DashboardProperties;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AlertConfiguration {

    @Bean
    AlertData alertData(ClickHouseHttp clickhouse) {
        return new ClickHouseAlertData(clickhouse);
    }

    @Bean
    AlertsApi alertsApi(DashboardProperties properties) {
        return new AlertsApi(properties.alerts().url());
    }
}
