package dev.fathom.collectors.gpu;

import dev.fathom.collectors.MetricSource;
import dev.fathom.model.AttributeKeys;
import dev.fathom.model.MetricNames;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleMeasurement;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns GPU readings of one host into the {@code gpu.*} gauges. Each collection takes one
 * reading of every GPU, so all gauges of an interval describe the same moment. Each data point
 * carries {@code gpu.index}, {@code gpu.uuid}, {@code gpu.model} and {@code gpu.pci_bus_id}.
 */
public final class GpuMetricsSource implements MetricSource {

    private static final Logger log = LoggerFactory.getLogger(GpuMetricsSource.class);

    private static final AttributeKey<String> GPU_INDEX = AttributeKey.stringKey(AttributeKeys.GPU_INDEX);
    private static final AttributeKey<String> GPU_UUID = AttributeKey.stringKey(AttributeKeys.GPU_UUID);
    private static final AttributeKey<String> GPU_MODEL = AttributeKey.stringKey(AttributeKeys.GPU_MODEL);
    private static final AttributeKey<String> GPU_PCI_BUS_ID = AttributeKey.stringKey(AttributeKeys.GPU_PCI_BUS_ID);
    private static final AttributeKey<String> MIG_INSTANCE = AttributeKey.stringKey(AttributeKeys.MIG_INSTANCE);
    private static final AttributeKey<String> MIG_PROFILE = AttributeKey.stringKey(AttributeKeys.MIG_PROFILE);
    private static final AttributeKey<String> REASON = AttributeKey.stringKey(AttributeKeys.REASON);
    /** The reasons reported every interval, 0 or 1, as nvidia-smi's query lists them. */
    private static final List<String> THROTTLE_REASONS = List.of("gpu_idle", "sw_power_cap", "hw_slowdown",
            "hw_thermal_slowdown", "sw_thermal_slowdown");

    private final Supplier<List<GpuSample>> readings;

    /** @param readings called once per collection; a simulated node, later nvidia-smi or DCGM */
    public GpuMetricsSource(Supplier<List<GpuSample>> readings) {
        this.readings = readings;
    }

    @Override
    public void register(Meter meter) {
        ObservableDoubleMeasurement utilization = meter.gaugeBuilder(MetricNames.GPU_UTILIZATION)
                .setUnit("1").setDescription("Share of time a kernel ran on the GPU").buildObserver();
        ObservableDoubleMeasurement memoryUtilization = meter.gaugeBuilder(MetricNames.GPU_MEMORY_UTILIZATION)
                .setUnit("1").setDescription("Share of time device memory was read or written").buildObserver();
        ObservableLongMeasurement memoryUsed = meter.gaugeBuilder(MetricNames.GPU_MEMORY_USED)
                .setUnit("By").setDescription("Frame-buffer memory in use").ofLongs().buildObserver();
        ObservableLongMeasurement memoryTotal = meter.gaugeBuilder(MetricNames.GPU_MEMORY_TOTAL)
                .setUnit("By").setDescription("Frame-buffer memory installed").ofLongs().buildObserver();
        ObservableDoubleMeasurement powerDraw = meter.gaugeBuilder(MetricNames.GPU_POWER_DRAW)
                .setUnit("W").setDescription("Board power draw").buildObserver();
        ObservableDoubleMeasurement powerLimit = meter.gaugeBuilder(MetricNames.GPU_POWER_LIMIT)
                .setUnit("W").setDescription("Enforced power limit").buildObserver();
        ObservableDoubleMeasurement temperature = meter.gaugeBuilder(MetricNames.GPU_TEMPERATURE)
                .setUnit("Cel").setDescription("Core temperature").buildObserver();
        ObservableDoubleMeasurement smClock = meter.gaugeBuilder(MetricNames.GPU_CLOCK_SM)
                .setUnit("MHz").setDescription("Streaming-multiprocessor clock").buildObserver();
        ObservableLongMeasurement throttle = meter.gaugeBuilder(MetricNames.GPU_THROTTLE_ACTIVE)
                .setUnit("1").setDescription("1 while a clock event (throttle) reason is active").ofLongs().buildObserver();
        ObservableLongMeasurement xid = meter.gaugeBuilder(MetricNames.GPU_XID_LAST)
                .setUnit("{xid}").setDescription("The last XID error code, 0 for none").ofLongs().buildObserver();

        meter.batchCallback(() -> {
            List<GpuSample> samples;
            try {
                samples = readings.get();
            } catch (RuntimeException e) {
                log.warn("Could not read the GPUs this interval: {}", e.toString());
                return;
            }
            for (GpuSample gpu : samples) {
                Attributes attributes = Attributes.of(
                        GPU_INDEX, Integer.toString(gpu.index()),
                        GPU_UUID, gpu.uuid(),
                        GPU_MODEL, gpu.model(),
                        GPU_PCI_BUS_ID, gpu.pciBusId());
                utilization.record(gpu.utilization(), attributes);
                memoryUtilization.record(gpu.memoryUtilization(), attributes);
                memoryUsed.record(gpu.memoryUsedBytes(), attributes);
                memoryTotal.record(gpu.memoryTotalBytes(), attributes);
                powerDraw.record(gpu.powerDrawWatts(), attributes);
                powerLimit.record(gpu.powerLimitWatts(), attributes);
                temperature.record(gpu.temperatureCelsius(), attributes);
                smClock.record(gpu.smClockMhz(), attributes);
                for (String reason : THROTTLE_REASONS) {
                    throttle.record(gpu.throttleReasons().contains(reason) ? 1 : 0, attributes.toBuilder().put(REASON, reason).build());
                }
                xid.record(gpu.lastXid(), attributes);
                for (MigSlice slice : gpu.migSlices()) {
                    Attributes instance = attributes.toBuilder().put(MIG_INSTANCE, slice.instance())
                            .put(MIG_PROFILE, slice.profile()).build();
                    memoryUsed.record(slice.memoryUsedBytes(), instance);
                    memoryTotal.record(slice.memoryTotalBytes(), instance);
                }
            }
        }, utilization, memoryUtilization, memoryUsed, memoryTotal, powerDraw, powerLimit, temperature, smClock, throttle, xid);
    }
}
