package dev.fathom.dashboard.cost;

import dev.fathom.dashboard.security.AuditLog;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CostConfiguration {

    @Bean
    CostData costData(ClickHouseHttp clickhouse) {
        return new ClickHouseCostData(clickhouse);
    }

    /** Replaced by the chargeback export (FOCUS 1.2) once it exists: declare a ChargebackExport bean. */
    @Bean
    @ConditionalOnMissingBean(ChargebackExport.class)
    ChargebackExport costByOwnerCsv(CostData data) {
        return new CostByOwnerCsv(new CostReport(data));
    }

    @Bean
    CostDownload costDownload(ChargebackExport export, AuditLog audit) {
        return new CostDownload(export, audit);
    }
}
