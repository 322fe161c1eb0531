package dev.fathom.collectors.receiver;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** What the receivers took and refused, for the collector's own /metrics and for tests. */
public final class ReceiverCounters {

    private final AtomicLong acceptedRequests = new AtomicLong();
    private final AtomicLong acceptedPoints = new AtomicLong();
    private final Map<String, AtomicLong> refused = new ConcurrentHashMap<>();

    void accepted(ExportMetricsServiceRequest request) {
        acceptedRequests.incrementAndGet();
        acceptedPoints.addAndGet(points(request));
    }

    /** Counts a refused request under a short reason: unauthorized, too_large, bad_request, unsupported_type, full, unavailable. */
    void refused(String reason) {
        refused.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
    }

    public long acceptedRequests() {
        return acceptedRequests.get();
    }

    public long acceptedPoints() {
        return acceptedPoints.get();
    }

    public Map<String, Long> refused() {
        Map<String, Long> copy = new TreeMap<>();
        refused.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    /** Data points in a request, of every metric type. */
    public static long points(ExportMetricsServiceRequest request) {
        long points = 0;
        for (ResourceMetrics resource : request.getResourceMetricsList()) {
            for (ScopeMetrics scope : resource.getScopeMetricsList()) {
                for (Metric metric : scope.getMetricsList()) {
                    points += switch (metric.getDataCase()) {
                        case GAUGE -> metric.getGauge().getDataPointsCount();
                        case SUM -> metric.getSum().getDataPointsCount();
                        case HISTOGRAM -> metric.getHistogram().getDataPointsCount();
                        case EXPONENTIAL_HISTOGRAM -> metric.getExponentialHistogram().getDataPointsCount();
                        case SUMMARY -> metric.getSummary().getDataPointsCount();
                        default -> 0;
                    };
                }
            }
        }
        return points;
    }
}
