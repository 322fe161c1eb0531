package dev.fathom.collectors.reading;

import io.opentelemetry.api.common.Attributes;
import java.util.Objects;

/**
 * One value read from a source: what a metric is, its value and which device it describes.
 * Sources whose series come from the data (nvidia-smi fields, a Prometheus scrape, /sys trees)
 * produce readings instead of registering OpenTelemetry instruments up front.
 *
 * @param name metric name, e.g. {@code gpu.power.draw}
 * @param unit UCUM unit as OpenTelemetry writes it ("By", "W", "1", "{error}")
 * @param kind gauge or cumulative monotonic counter
 * @param value the value, in base units
 * @param attributes point attributes (which GPU, interface, ...)
 * @param epochNanos when the value was taken, or 0 for "at collection time"
 */
public record Reading(String name, String unit, Kind kind, double value, Attributes attributes, long epochNanos) {

    public enum Kind { GAUGE, COUNTER }

    public Reading {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        unit = unit == null ? "" : unit;
        attributes = attributes == null ? Attributes.empty() : attributes;
    }

    public static Reading gauge(String name, String unit, double value, Attributes attributes) {
        return new Reading(name, unit, Kind.GAUGE, value, attributes, 0);
    }

    public static Reading counter(String name, String unit, double value, Attributes attributes) {
        return new Reading(name, unit, Kind.COUNTER, value, attributes, 0);
    }

    /** The same reading taken at the given time. */
    public Reading at(long epochNanos) {
        return new Reading(name, unit, kind, value, attributes, epochNanos);
    }

    /** The same reading with more attributes (the given ones win). */
    public Reading withAttributes(Attributes more) {
        return new Reading(name, unit, kind, value, attributes.toBuilder().putAll(more).build(), epochNanos);
    }

    /** Name and attributes: what makes a series. */
    public String seriesKey() {
        return name + attributes;
    }
}
