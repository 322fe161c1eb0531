package dev.fathom.storage.query;

import java.util.List;
import java.util.SortedMap;

/** One series over time: its identity, labels and values, in time order. */
public record Series(String metric, long seriesId, String host, String unit, SortedMap<String, String> labels, List<SeriesPoint> points) {}
