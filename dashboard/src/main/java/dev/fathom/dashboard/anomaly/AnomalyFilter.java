package dev.fathom.dashboard.anomaly;

import java.util.Optional;

/** Which anomalies to list: optional metric and host, and a minimum score in [0, 1]. */
public record AnomalyFilter(Optional<String> metric, Optional<String> host, double minScore) {

    public static final AnomalyFilter ALL = new AnomalyFilter(Optional.empty(), Optional.empty(), 0);

    public boolean isEmpty() {
        return metric.isEmpty() && host.isEmpty() && minScore <= 0;
    }
}
