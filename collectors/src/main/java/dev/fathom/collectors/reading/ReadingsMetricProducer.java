package dev.fathom.collectors.reading;

import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricProducer;
import io.opentelemetry.sdk.resources.Resource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets the SDK's periodic reader collect reading sources along with its own instruments: each
 * collection reads every source once. A source that fails is logged (once per distinct message)
 * and counted; the others still report.
 */
public final class ReadingsMetricProducer implements MetricProducer {

    private static final Logger log = LoggerFactory.getLogger(ReadingsMetricProducer.class);

    private final List<ReadingSource> sources;
    private final List<SourceStats> stats;
    private final Clock clock;
    private final long startNanos;
    private final java.util.Set<String> warned = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public ReadingsMetricProducer(List<ReadingSource> sources, List<SourceStats> stats, Clock clock) {
        if (sources.size() != stats.size()) {
            throw new IllegalArgumentException("one stats object per source");
        }
        this.sources = List.copyOf(sources);
        this.stats = List.copyOf(stats);
        this.clock = clock;
        this.startNanos = TimeUnit.MILLISECONDS.toNanos(clock.millis());
    }

    @Override
    public Collection<MetricData> produce(Resource resource) {
        long nowMillis = clock.millis();
        List<Reading> all = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            ReadingSource source = sources.get(i);
            SourceStats sourceStats = stats.get(i);
            try {
                List<Reading> readings = source.read();
                all.addAll(readings);
                sourceStats.read(readings.size(), nowMillis);
            } catch (Exception e) {
                sourceStats.failed();
                String message = "Source " + source.name() + " could not be read: " + e;
                if (warned.size() < 1000 && warned.add(message)) {
                    log.warn(message);
                }
            } finally {
                sourceStats.parseErrors(source.parseErrors());
            }
        }
        return ReadingsToMetrics.convert(resource, all, startNanos, TimeUnit.MILLISECONDS.toNanos(nowMillis));
    }
}
