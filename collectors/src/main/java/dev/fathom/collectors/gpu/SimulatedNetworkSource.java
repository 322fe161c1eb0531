package dev.fathom.collectors.gpu;

import dev.fathom.collectors.MetricSource;
import dev.fathom.model.AttributeKeys;
import dev.fathom.model.MetricNames;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongMeasurement;

/** A simulated node's data NIC under the hostmetrics names, link speed absent while it is down. */
public final class SimulatedNetworkSource implements MetricSource {

    private static final AttributeKey<String> DEVICE = AttributeKey.stringKey(AttributeKeys.DEVICE);
    private static final AttributeKey<String> DIRECTION = AttributeKey.stringKey(AttributeKeys.DIRECTION);

    private final SimulatedNode node;

    public SimulatedNetworkSource(SimulatedNode node) {
        this.node = node;
    }

    @Override
    public void register(Meter meter) {
        ObservableLongMeasurement bytes = meter.counterBuilder(MetricNames.NETWORK_IO)
                .setUnit("By").setDescription("Bytes received or transmitted").buildObserver();
        ObservableLongMeasurement errors = meter.counterBuilder(MetricNames.NETWORK_ERRORS)
                .setUnit("{error}").setDescription("Receive or transmit errors").buildObserver();
        ObservableLongMeasurement speed = meter.gaugeBuilder(MetricNames.NETWORK_LINK_SPEED)
                .setUnit("bit/s").setDescription("Link speed").ofLongs().buildObserver();
        meter.batchCallback(() -> {
            SimulatedNode.NicSample nic = node.nic();
            bytes.record(nic.receiveBytes(), Attributes.of(DEVICE, nic.device(), DIRECTION, "receive"));
            bytes.record(nic.transmitBytes(), Attributes.of(DEVICE, nic.device(), DIRECTION, "transmit"));
            errors.record(nic.errors(), Attributes.of(DEVICE, nic.device(), DIRECTION, "receive"));
            if (nic.up()) {
                speed.record(nic.speedBitsPerSecond(), Attributes.of(DEVICE, nic.device()));
            }
        }, bytes, errors, speed);
    }
}
