package dev.fathom.dashboard.node;

import dev.fathom.storage.clickhouse.ClickHouseHttp;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class NodeConfiguration {

    @Bean
    NodeData nodeData(ClickHouseHttp clickhouse) {
        return new ClickHouseNodeData(clickhouse);
    }
}
