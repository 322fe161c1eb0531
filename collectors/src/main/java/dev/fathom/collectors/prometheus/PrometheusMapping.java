package dev.fathom.collectors.prometheus;

import dev.fathom.collectors.reading.Reading;
import dev.fathom.model.AttributeKeys;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Turns Prometheus families into Fathom readings: which series become which metric (rules, first
 * match wins), how labels are renamed (a label renamed to "" is dropped), label values to prefix,
 * and whether series no rule names pass through under their own name (counters as counters,
 * everything else, histogram buckets and summary quantiles included, as gauges with their labels).
 * Presets for dcgm-exporter, nvidia_gpu_exporter and node-exporter are in {@link PrometheusMappings}.
 */
public final class PrometheusMapping {

    private static final String[] THROTTLE_REASONS = {"gpu_idle", "applications_clocks_setting", "sw_power_cap",
            "hw_slowdown", "sync_boost", "sw_thermal_slowdown", "hw_thermal_slowdown", "hw_power_brake_slowdown",
            "display_clocks_setting"};

    private final List<PrometheusMetricRule> rules;
    private final Map<String, String> labelRenames;
    private final Map<String, String> labelValuePrefixes;
    private final boolean passUnmapped;
    private final boolean dcgmBlanks;
    private final Map<String, PrometheusMetricRule> ruleCache = new HashMap<>();

    public PrometheusMapping(List<PrometheusMetricRule> rules, Map<String, String> labelRenames,
            Map<String, String> labelValuePrefixes, boolean passUnmapped) {
        this(rules, labelRenames, labelValuePrefixes, passUnmapped, false);
    }

    /**
     * @param dcgmBlanks treat DCGM's "blank" sentinels as missing values: dcgm-exporter prints a
     *     field the GPU does not support as 9223372036854775794 (an INT64_BLANK code), 2147483632..
     *     (INT32_BLANK) or 140737488355328 (FP64_BLANK) instead of leaving it out
     */
    public PrometheusMapping(List<PrometheusMetricRule> rules, Map<String, String> labelRenames,
            Map<String, String> labelValuePrefixes, boolean passUnmapped, boolean dcgmBlanks) {
        this.rules = List.copyOf(rules);
        this.labelRenames = Map.copyOf(labelRenames);
        this.labelValuePrefixes = Map.copyOf(labelValuePrefixes);
        this.passUnmapped = passUnmapped;
        this.dcgmBlanks = dcgmBlanks;
    }

    static boolean isDcgmBlank(double value) {
        return value >= 9.2233720368547758E18 - 4096 // INT64_BLANK and above (0x7ffffffffffffff0..)
                || (value >= 2147483632 && value <= 2147483647) // INT32_BLANK..INT32 max
                || value >= 140737488355328.0; // FP64_BLANK (2^47) and above
    }

    /** This mapping's rules first, then {@code other}'s; label renames merged (this one wins). */
    public PrometheusMapping before(PrometheusMapping other) {
        List<PrometheusMetricRule> merged = new ArrayList<>(rules);
        merged.addAll(other.rules);
        Map<String, String> renames = new LinkedHashMap<>(other.labelRenames);
        renames.putAll(labelRenames);
        Map<String, String> prefixes = new LinkedHashMap<>(other.labelValuePrefixes);
        prefixes.putAll(labelValuePrefixes);
        return new PrometheusMapping(merged, renames, prefixes, passUnmapped || other.passUnmapped,
                dcgmBlanks || other.dcgmBlanks);
    }

    public PrometheusMapping passUnmapped(boolean pass) {
        return new PrometheusMapping(rules, labelRenames, labelValuePrefixes, pass, dcgmBlanks);
    }

    public List<PrometheusMetricRule> rules() {
        return rules;
    }

    public List<Reading> map(List<PrometheusFamily> families) {
        List<Reading> readings = new ArrayList<>();
        for (PrometheusFamily family : families) {
            for (PrometheusSample sample : family.samples()) {
                if (dcgmBlanks && isDcgmBlank(sample.value())) {
                    continue;
                }
                PrometheusMetricRule rule = ruleFor(sample.name());
                long nanos = sample.timestampMillis() == null ? 0 : TimeUnit.MILLISECONDS.toNanos(sample.timestampMillis());
                if (rule == null) {
                    if (passUnmapped) {
                        Reading.Kind kind = family.type() == PrometheusFamily.Type.COUNTER
                                || (sample.name().endsWith("_count") || sample.name().endsWith("_sum")
                                        || sample.name().endsWith("_bucket"))
                                        && family.type() != PrometheusFamily.Type.GAUGE
                                        && family.type() != PrometheusFamily.Type.UNTYPED
                                ? Reading.Kind.COUNTER : Reading.Kind.GAUGE;
                        readings.add(new Reading(sample.name(), "", kind, sample.value(),
                                attributes(sample, Map.of()), nanos));
                    }
                    continue;
                }
                Attributes attributes = attributes(sample, rule.attributes());
                if (rule.throttleBitmask()) {
                    if (Double.isNaN(sample.value())) {
                        continue;
                    }
                    long mask = (long) sample.value();
                    for (int bit = 0; bit < THROTTLE_REASONS.length; bit++) {
                        readings.add(new Reading(rule.name(), "1", Reading.Kind.GAUGE, (mask >> bit) & 1,
                                attributes.toBuilder().put(AttributeKeys.REASON, THROTTLE_REASONS[bit]).build(), nanos));
                    }
                    continue;
                }
                Reading.Kind kind = rule.kind() != null ? rule.kind()
                        : family.type() == PrometheusFamily.Type.COUNTER ? Reading.Kind.COUNTER : Reading.Kind.GAUGE;
                readings.add(new Reading(rule.name(), rule.unit(), kind, sample.value() * rule.scale(), attributes, nanos));
            }
        }
        return readings;
    }

    private PrometheusMetricRule ruleFor(String seriesName) {
        if (ruleCache.containsKey(seriesName)) {
            return ruleCache.get(seriesName);
        }
        PrometheusMetricRule found = null;
        for (PrometheusMetricRule rule : rules) {
            if (rule.matches(seriesName)) {
                found = rule;
                break;
            }
        }
        if (ruleCache.size() < 10_000) {
            ruleCache.put(seriesName, found);
        }
        return found;
    }

    private Attributes attributes(PrometheusSample sample, Map<String, String> fixed) {
        AttributesBuilder builder = Attributes.builder();
        for (Map.Entry<String, String> label : sample.labels().entrySet()) {
            String key = labelRenames.getOrDefault(label.getKey(), label.getKey());
            if (key.isEmpty() || label.getValue().isEmpty()) {
                continue;
            }
            String prefix = labelValuePrefixes.get(label.getKey());
            String value = prefix != null && !label.getValue().startsWith(prefix) ? prefix + label.getValue() : label.getValue();
            builder.put(AttributeKey.stringKey(key), value);
        }
        fixed.forEach((k, v) -> builder.put(AttributeKey.stringKey(k), v));
        return builder.build();
    }

}
