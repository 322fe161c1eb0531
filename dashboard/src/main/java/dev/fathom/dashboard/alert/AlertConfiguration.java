package dev.fathom.dashboard.alert;

import dev.fathom.dashboard.config.DashboardProperties;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.clickhouse.SecretSource;
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
        // The token comes from FATHOM_ALERTS_TOKEN or the file FATHOM_ALERTS_TOKEN_FILE names, never from a config file.
        return new AlertsApi(properties.alerts().url(), SecretSource.environment().secret(AlertsApi.TOKEN_ENV).orElse(null));
    }
}
