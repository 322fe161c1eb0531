package dev.fathom.dashboard.timeline;

import dev.fathom.dashboard.alert.AlertData;
import dev.fathom.dashboard.anomaly.AnomalyData;
import dev.fathom.dashboard.cost.CostData;
import dev.fathom.dashboard.drift.DriftData;
import dev.fathom.dashboard.slo.SloData;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TimelineConfiguration {

    @Bean
    TimelineLoader timelineLoader(AnomalyData anomalies, DriftData drift, SloData slos, AlertData alerts, CostData cost) {
        return new TimelineLoader(anomalies, drift, slos, alerts, cost);
    }
}
