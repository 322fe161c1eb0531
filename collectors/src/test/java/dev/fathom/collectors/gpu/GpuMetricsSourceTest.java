package dev.fathom.collectors.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.model.MetricNames;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GpuMetricsSourceTest {

    private static final GpuSample BUSY = new GpuSample(0, "GPU-00000000-0000-0000-0000-000000000001",
            "NVIDIA H100 80GB HBM3", "00000000:18:00.0", 0.93, 0.41, 60L << 30, 80L << 30, 651.5, 700, 78.25, 1980);
    private static final GpuSample IDLE = new GpuSample(1, "GPU-00000000-0000-0000-0000-000000000002",
            "NVIDIA H100 80GB HBM3", "00000000:2A:00.0", 0, 0, 0, 80L << 30, 70.5, 700, 34, 345);

    @Test
    void everyReadingBecomesAGaugePointWithTheGpuIdentity() {
        InMemoryMetricReader reader = InMemoryMetricReader.create();
        Collection<MetricData> metrics;
        try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build()) {
            new GpuMetricsSource(() -> List.of(BUSY, IDLE)).register(provider.get("test"));
            metrics = reader.collectAllMetrics();
        }

        Map<String, MetricData> byName = metrics.stream().collect(Collectors.toMap(MetricData::getName, m -> m));
        assertThat(byName).containsOnlyKeys(MetricNames.GPU_UTILIZATION, MetricNames.GPU_MEMORY_UTILIZATION,
                MetricNames.GPU_MEMORY_USED, MetricNames.GPU_MEMORY_TOTAL, MetricNames.GPU_POWER_DRAW,
                MetricNames.GPU_POWER_LIMIT, MetricNames.GPU_TEMPERATURE, MetricNames.GPU_CLOCK_SM,
                MetricNames.GPU_THROTTLE_ACTIVE, MetricNames.GPU_XID_LAST);
        assertThat(byName.get(MetricNames.GPU_UTILIZATION).getUnit()).isEqualTo("1");
        assertThat(byName.get(MetricNames.GPU_MEMORY_USED).getUnit()).isEqualTo("By");
        assertThat(byName.get(MetricNames.GPU_MEMORY_USED).getType()).isEqualTo(MetricDataType.LONG_GAUGE);
        assertThat(byName.get(MetricNames.GPU_POWER_DRAW).getUnit()).isEqualTo("W");
        assertThat(byName.get(MetricNames.GPU_TEMPERATURE).getUnit()).isEqualTo("Cel");
        assertThat(byName.get(MetricNames.GPU_CLOCK_SM).getUnit()).isEqualTo("MHz");

        Attributes busy = Attributes.of(
                AttributeKey.stringKey("gpu.index"), "0",
                AttributeKey.stringKey("gpu.uuid"), BUSY.uuid(),
                AttributeKey.stringKey("gpu.model"), "NVIDIA H100 80GB HBM3",
                AttributeKey.stringKey("gpu.pci_bus_id"), "00000000:18:00.0");
        assertThat(byName.get(MetricNames.GPU_UTILIZATION).getDoubleGaugeData().getPoints())
                .hasSize(2)
                .anySatisfy(p -> {
                    assertThat(p.getAttributes()).isEqualTo(busy);
                    assertThat(p.getValue()).isEqualTo(0.93);
                });
        assertThat(byName.get(MetricNames.GPU_MEMORY_USED).getLongGaugeData().getPoints())
                .anySatisfy(p -> {
                    assertThat(p.getAttributes()).isEqualTo(busy);
                    assertThat(p.getValue()).isEqualTo(60L << 30);
                });
        assertThat(byName.get(MetricNames.GPU_POWER_DRAW).getDoubleGaugeData().getPoints())
                .extracting(p -> p.getValue()).containsExactlyInAnyOrder(651.5, 70.5);
    }

    @Test
    void aFailingReaderRecordsNothingThisInterval() {
        InMemoryMetricReader reader = InMemoryMetricReader.create();
        try (SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build()) {
            new GpuMetricsSource(() -> {
                throw new IllegalStateException("nvidia-smi exited 9");
            }).register(provider.get("test"));

            assertThat(reader.collectAllMetrics()).isEmpty();
        }
    }
}
