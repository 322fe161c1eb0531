package dev.fathom.dashboard.anomaly;

import java.time.Instant;
import java.util.Map;

/** One anomalous point the detector raised, with the range it expected. */
public record Anomaly(Instant time, String metric, String host, long seriesId, Map<String, String> labels, double value,
        double expectedLow, double expectedHigh, double score, String detector) {

    /** "gpu.temperature{host=node-1, gpu.index=3}" */
    public String seriesName() {
        StringBuilder name = new StringBuilder(metric).append('{').append("host=").append(host);
        labels.forEach((k, v) -> {
            if (!k.equals("host.name")) {
                name.append(", ").append(k).append('=').append(v);
            }
        });
        return name.append('}').toString();
    }
}
