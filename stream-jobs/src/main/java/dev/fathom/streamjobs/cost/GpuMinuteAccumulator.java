package dev.fathom.streamjobs.cost;

import dev.fathom.model.AttributeKeys;
import dev.fathom.model.MetricNames;
import dev.fathom.model.Point;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one GPU reported in one minute, gathered point by point (Flink keyed state; a mutable POJO
 * so Flink can store it): utilisation per MIG instance and owner, power draw, energy counter.
 */
public class GpuMinuteAccumulator {

    /** Labels that say whose work a utilisation series is; the rest belong to the hardware. */
    static final List<String> OWNER_LABELS = List.of(AttributeKeys.K8S_NAMESPACE, AttributeKeys.K8S_POD, AttributeKeys.TEAM,
            AttributeKeys.PROJECT, AttributeKeys.COST_CENTRE);

    public long minuteMillis;
    public HashMap<String, String> gpuLabels = new HashMap<>();
    /** Per MIG instance and owner labels: [utilisation sum, samples]. */
    public HashMap<String, double[]> utilisation = new HashMap<>();
    public HashMap<String, HashMap<String, String>> usageLabels = new HashMap<>();
    public double powerWattsSum;
    public long powerSamples;
    public double energyJoules;
    public boolean energyCounterSeen;

    public GpuMinuteAccumulator() {}

    GpuMinuteAccumulator(long minuteMillis) {
        this.minuteMillis = minuteMillis;
    }

    void add(Point p) {
        for (Map.Entry<String, String> label : p.labels().entrySet()) {
            if (!OWNER_LABELS.contains(label.getKey()) && !label.getKey().equals(AttributeKeys.MIG_INSTANCE)
                    && !label.getKey().equals(AttributeKeys.MIG_PROFILE)) {
                gpuLabels.putIfAbsent(label.getKey(), label.getValue());
            }
        }
        switch (p.metric()) {
            case MetricNames.GPU_UTILIZATION -> {
                HashMap<String, String> owner = new HashMap<>();
                for (String key : OWNER_LABELS) {
                    if (!p.label(key).isEmpty()) {
                        owner.put(key, p.label(key));
                    }
                }
                String usage = p.label(AttributeKeys.MIG_INSTANCE) + "\u0000" + p.label(AttributeKeys.MIG_PROFILE) + "\u0000" + new TreeMap<>(owner);
                double[] sum = utilisation.computeIfAbsent(usage, k -> new double[2]);
                sum[0] += p.value();
                sum[1] += 1;
                HashMap<String, String> labels = new HashMap<>(owner);
                labels.put(AttributeKeys.MIG_INSTANCE, p.label(AttributeKeys.MIG_INSTANCE));
                labels.put(AttributeKeys.MIG_PROFILE, p.label(AttributeKeys.MIG_PROFILE));
                usageLabels.putIfAbsent(usage, labels);
            }
            case MetricNames.GPU_POWER_DRAW -> {
                powerWattsSum += p.value();
                powerSamples++;
            }
            default -> {
                if (p.metric().equals(energyDeltaMetric())) {
                    energyJoules += p.value();
                    energyCounterSeen = true;
                }
            }
        }
    }

    static String energyDeltaMetric() {
        return MetricNames.GPU_ENERGY + MetricNames.DELTA_SUFFIX;
    }

    /** Which points the cost stage reads. */
    public static boolean isCostInput(Point p) {
        return !p.label(AttributeKeys.GPU_UUID).isEmpty() && (p.metric().equals(MetricNames.GPU_UTILIZATION)
                || p.metric().equals(MetricNames.GPU_POWER_DRAW) || p.metric().equals(energyDeltaMetric()));
    }

    /** The minute as measured: energy from the counter where present, else mean power x 60 s. */
    GpuMinute toGpuMinute() {
        List<GpuMinute.Usage> usages = new ArrayList<>();
        utilisation.keySet().stream().sorted().forEach(key -> {
            double[] sum = utilisation.get(key);
            HashMap<String, String> labels = usageLabels.get(key);
            Map<String, String> owner = new HashMap<>(labels);
            owner.remove(AttributeKeys.MIG_INSTANCE);
            owner.remove(AttributeKeys.MIG_PROFILE);
            usages.add(new GpuMinute.Usage(labels.get(AttributeKeys.MIG_INSTANCE), labels.get(AttributeKeys.MIG_PROFILE), owner, sum[0] / sum[1]));
        });
        double kwh = energyCounterSeen ? energyJoules / 3.6e6 : powerSamples == 0 ? 0 : powerWattsSum / powerSamples * 60 / 3.6e6;
        return new GpuMinute(Instant.ofEpochMilli(minuteMillis), gpuLabels.getOrDefault(AttributeKeys.CLUSTER, ""),
                gpuLabels.getOrDefault(AttributeKeys.HOST_NAME, ""), gpuLabels.getOrDefault(AttributeKeys.GPU_UUID, ""),
                gpuLabels.getOrDefault(AttributeKeys.GPU_MODEL, ""), gpuLabels.getOrDefault(OwnerMapping.INSTANCE_TYPE_LABEL, ""),
                Map.copyOf(gpuLabels), usages, kwh);
    }
}
