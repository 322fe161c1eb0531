package dev.fathom.collectors.receiver;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.Collection;
import java.util.Optional;

/** Real MetricData from the OpenTelemetry SDK, and lookups in requests read back. */
final class SdkMetrics {

    private SdkMetrics() {}

    /** A counter, a gauge and a histogram under a resource for the host. */
    static Collection<MetricData> of(String host, long count) {
        InMemoryMetricReader reader = InMemoryMetricReader.create();
        Resource resource = Resource.create(Attributes.of(AttributeKey.stringKey("host.name"), host,
                AttributeKey.stringKey("service.name"), "receiver-test"));
        try (SdkMeterProvider provider = SdkMeterProvider.builder().setResource(resource).registerMetricReader(reader).build()) {
            var meter = provider.get("receiver-test");
            meter.counterBuilder("test.requests").build().add(count, Attributes.of(AttributeKey.stringKey("route"), "/a"));
            meter.gaugeBuilder("test.temperature").build().set(71.5);
            var histogram = meter.histogramBuilder("test.latency").build();
            histogram.record(0.25);
            histogram.record(3.0);
            return reader.collectAllMetrics();
        }
    }

    static Optional<Metric> metric(ExportMetricsServiceRequest request, String name) {
        return request.getResourceMetricsList().stream()
                .flatMap(r -> r.getScopeMetricsList().stream())
                .flatMap(s -> s.getMetricsList().stream())
                .filter(m -> m.getName().equals(name))
                .findFirst();
    }

    static String host(ExportMetricsServiceRequest request) {
        return request.getResourceMetrics(0).getResource().getAttributesList().stream()
                .filter(a -> a.getKey().equals("host.name")).findFirst().orElseThrow().getValue().getStringValue();
    }
}
