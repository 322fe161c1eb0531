package dev.fathom.cli.reliability;

import dev.fathom.cli.reliability.PointStream.SentPoint;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The source of truth: every point a receiver accepted (answered 2xx), per series the count, the
 * sum of times and the sum of values, and the GPU-minutes they cover (what the cost stage prices).
 */
final class Ledger {

    /** Per series: points, distinct times, sum of times (ms), sum of values. */
    record SeriesSum(long count, long distinctTimes, long timeSum, long valueSum) {
        SeriesSum plus(SeriesSum other) {
            return new SeriesSum(count + other.count, distinctTimes + other.distinctTimes,
                    timeSum + other.timeSum, valueSum + other.valueSum);
        }
    }

    private final Map<String, SeriesSum> series = new TreeMap<>();
    private final Set<String> gpuMinutes = new HashSet<>();
    private long points;

    synchronized void accepted(List<SentPoint> sent) {
        for (SentPoint p : sent) {
            series.merge(p.series(), new SeriesSum(1, 1, p.timeMillis(), p.value()), SeriesSum::plus);
            gpuMinutes.add(p.series() + "@" + p.timeMillis() / 60_000);
            points++;
        }
    }

    synchronized long points() {
        return points;
    }

    synchronized Map<String, SeriesSum> series() {
        return new TreeMap<>(series);
    }

    synchronized long gpuMinutes() {
        return gpuMinutes.size();
    }
}
