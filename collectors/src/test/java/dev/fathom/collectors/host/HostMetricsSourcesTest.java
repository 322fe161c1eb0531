package dev.fathom.collectors.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.collectors.ProcFixtures;
import dev.fathom.model.MetricNames;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostMetricsSourcesTest {

    private static Collection<MetricData> collect(Path procRoot) {
        InMemoryMetricReader reader = InMemoryMetricReader.create();
        try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build()) {
            new NetworkMetricsSource(procRoot).register(provider.get("test"));
            new DiskMetricsSource(procRoot).register(provider.get("test"));
            return reader.collectAllMetrics();
        }
    }

    private static MetricData metric(Collection<MetricData> metrics, String name) {
        return metrics.stream().filter(m -> m.getName().equals(name)).findFirst().orElseThrow(
                () -> new AssertionError(name + " not among " + metrics.stream().map(MetricData::getName).toList()));
    }

    private static Map<Attributes, Long> longPoints(MetricData metric) {
        return metric.getLongSumData().getPoints().stream()
                .collect(Collectors.toMap(LongPointData::getAttributes, LongPointData::getValue));
    }

    private static Attributes attributes(String device, String direction) {
        return Attributes.of(AttributeKey.stringKey("device"), device, AttributeKey.stringKey("direction"), direction);
    }

    @Test
    void networkCountersAreCumulativeSumsPerDeviceAndDirection() {
        Collection<MetricData> metrics = collect(ProcFixtures.procRoot());

        MetricData io = metric(metrics, MetricNames.NETWORK_IO);
        assertThat(io.getUnit()).isEqualTo("By");
        assertThat(io.getLongSumData().isMonotonic()).isTrue();
        assertThat(io.getLongSumData().getAggregationTemporality()).isEqualTo(AggregationTemporality.CUMULATIVE);
        Map<Attributes, Long> bytes = longPoints(io);
        assertThat(bytes).hasSize(8); // 4 interfaces x 2 directions
        assertThat(bytes).containsEntry(attributes("eth0", "receive"), 224732864L)
                .containsEntry(attributes("eth0", "transmit"), 359091L);
        assertThat(longPoints(metric(metrics, MetricNames.NETWORK_PACKETS)))
                .containsEntry(attributes("eth0", "receive"), 4966L)
                .containsEntry(attributes("eth0", "transmit"), 3212L);
        assertThat(metric(metrics, MetricNames.NETWORK_PACKETS).getUnit()).isEqualTo("{packet}");
        assertThat(longPoints(metric(metrics, MetricNames.NETWORK_ERRORS))).containsEntry(attributes("lo", "receive"), 0L);
        assertThat(longPoints(metric(metrics, MetricNames.NETWORK_DROPPED))).hasSize(8);
    }

    @Test
    void diskCountersLeaveOutLoopAndRamDevices() {
        Collection<MetricData> metrics = collect(ProcFixtures.procRoot());

        Map<Attributes, Long> bytes = longPoints(metric(metrics, MetricNames.DISK_IO));
        assertThat(bytes).containsOnly(
                Map.entry(attributes("vda", "read"), 1_428_501_504L),
                Map.entry(attributes("vda", "write"), 1_179_480_064L));
        assertThat(longPoints(metric(metrics, MetricNames.DISK_OPERATIONS)))
                .containsOnly(Map.entry(attributes("vda", "read"), 44632L), Map.entry(attributes("vda", "write"), 23327L));
        MetricData ioTime = metric(metrics, MetricNames.DISK_IO_TIME);
        assertThat(ioTime.getUnit()).isEqualTo("s");
        assertThat(ioTime.getDoubleSumData().getPoints()).singleElement()
                .satisfies(p -> assertThat(p.getValue()).isEqualTo(19.096));
    }

    @Test
    void brokenLinesCostOnlyThemselves() {
        Collection<MetricData> metrics = collect(ProcFixtures.malformedProcRoot());

        assertThat(longPoints(metric(metrics, MetricNames.NETWORK_IO)).keySet())
                .extracting(a -> a.get(AttributeKey.stringKey("device"))).containsOnly("lo", "eth0");
        assertThat(longPoints(metric(metrics, MetricNames.DISK_IO)).keySet())
                .extracting(a -> a.get(AttributeKey.stringKey("device"))).containsOnly("vda", "nvme0n1");
    }

    @Test
    void aMissingProcRootRecordsNothingAndDoesNotThrow(@TempDir Path empty) {
        assertThat(collect(empty)).isEmpty();
    }
}
