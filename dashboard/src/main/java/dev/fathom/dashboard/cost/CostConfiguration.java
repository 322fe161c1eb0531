package dev.fathom.dashboard.cost;

import dev.fathom.dashboard.security.AuditLog;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CostConfiguration {

    @Bean
    CostData costData(ClickHouseHttp clickhouse) {
        return new ClickHouseCostData(clickhouse);
    }

    /** The download: storage's FOCUS 1.2 chargeback export (docs/chargeback.md). */
    @Bean
    ChargebackExport chargebackExport(ClickHouseHttp clickhouse) {
        return FocusChargebackExport.over(clickhouse);
    }

    @Bean
    CostDownload costDownload(ChargebackExport export, AuditLog audit) {
        return new CostDownload(export, audit);
    }
}
