package dev.fathom.model;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One decoded metric point: what the stream jobs produce from OTLP and storage writes as a row.
 * Labels hold resource and point attributes merged (point attributes win), sorted by key so
 * that equal series have equal label lists.
 *
 * @param metric metric name, e.g. {@link MetricNames#GPU_UTILIZATION}
 * @param timeMillis point time in epoch milliseconds
 * @param value gauge value, or the cumulative value of a sum
 * @param unit the OTLP unit string as sent ("1", "By", "W", ...)
 * @param labels attribute keys to values
 */
public record Point(String metric, long timeMillis, double value, String unit, SortedMap<String, String> labels) {

    public Point {
        Objects.requireNonNull(metric, "metric");
        unit = unit == null ? "" : unit;
        labels = Collections.unmodifiableSortedMap(new TreeMap<>(labels == null ? Map.of() : labels));
    }

    /** The value of a label, or "" when absent. */
    public String label(String key) {
        return labels.getOrDefault(key, "");
    }

    /**
     * A stable 64-bit identity of the series (metric and labels), the same in every JVM and
     * every run: FNV-1a over the metric name and sorted labels.
     */
    public long seriesId() {
        long hash = 0xcbf29ce484222325L;
        hash = fnv(hash, metric);
        for (Map.Entry<String, String> label : labels.entrySet()) {
            hash = fnv(hash, label.getKey());
            hash = fnv(hash, label.getValue());
        }
        return hash;
    }

    private static long fnv(long hash, String text) {
        for (int i = 0; i < text.length(); i++) {
            hash ^= text.charAt(i);
            hash *= 0x100000001b3L;
        }
        // Separator so ("ab","c") and ("a","bc") differ.
        hash ^= 0xff;
        hash *= 0x100000001b3L;
        return hash;
    }
}
