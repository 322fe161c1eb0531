package dev.fathom.collectors.prometheus;

import dev.fathom.collectors.reading.Reading;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How one Prometheus series name becomes a Fathom metric.
 *
 * @param match the Prometheus series name, or a regular expression when {@code regex}
 * @param regex whether {@code match} is a regular expression (matched against the whole name)
 * @param name the metric name to emit
 * @param unit its OpenTelemetry unit
 * @param scale factor from the exporter's unit to {@code unit} (e.g. 1048576 for MiB to By)
 * @param kind gauge or counter; null to follow the family's TYPE (counter for counters, else gauge)
 * @param attributes attributes every point of this rule gets (e.g. direction=receive)
 * @param throttleBitmask the value is a DCGM/NVML clock-throttle bitmask, emitted as one 0/1 point per reason
 */
public record PrometheusMetricRule(String match, boolean regex, String name, String unit, double scale,
        Reading.Kind kind, Map<String, String> attributes, boolean throttleBitmask) {

    public PrometheusMetricRule {
        if (match == null || match.isBlank()) {
            throw new IllegalArgumentException("a metric rule needs a Prometheus name to match");
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("the rule for " + match + " needs a metric name");
        }
        unit = unit == null ? "" : unit;
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
        if (regex) {
            Pattern.compile(match); // fails here, at load, with the pattern's error
        }
    }

    public static PrometheusMetricRule of(String match, String name, String unit, double scale) {
        return new PrometheusMetricRule(match, false, name, unit, scale, null, Map.of(), false);
    }

    public PrometheusMetricRule withKind(Reading.Kind kind) {
        return new PrometheusMetricRule(match, regex, name, unit, scale, kind, attributes, throttleBitmask);
    }

    public PrometheusMetricRule withAttributes(Map<String, String> attributes) {
        return new PrometheusMetricRule(match, regex, name, unit, scale, kind, attributes, throttleBitmask);
    }

    public PrometheusMetricRule asThrottleBitmask() {
        return new PrometheusMetricRule(match, regex, name, unit, scale, kind, attributes, true);
    }

    boolean matches(String seriesName) {
        return regex ? seriesName.matches(match) : seriesName.equals(match);
    }
}
