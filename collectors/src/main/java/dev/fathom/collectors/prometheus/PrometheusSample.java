package dev.fathom.collectors.prometheus;

import java.util.Map;

/**
 * One sample line of the Prometheus text format.
 *
 * @param name the series name as written ({@code http_requests_total}, {@code rpc_seconds_bucket})
 * @param labels label names to values, unescaped, in the order written
 * @param value the value; NaN and infinities as written
 * @param timestampMillis the optional timestamp in epoch milliseconds, or null
 * @param line where it was in the document (1-based)
 */
public record PrometheusSample(String name, Map<String, String> labels, double value, Long timestampMillis, int line) {

    public PrometheusSample {
        labels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
    }
}
