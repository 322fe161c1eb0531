package dev.fathom.dashboard.drift;

import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.query.DriftQueries;
import dev.fathom.storage.query.SeriesPoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link DriftData} over storage's {@link DriftQueries}. */
public class ClickHouseDriftData implements DriftData {

    private final DriftQueries queries;

    public ClickHouseDriftData(ClickHouseHttp clickhouse) {
        this.queries = new DriftQueries(clickhouse);
    }

    @Override
    public List<DriftResult> latest(TimeRange.Window window, Optional<String> model) {
        // latest(now, lookback) reads [now - lookback, now]: the window with its last second.
        return queries.latest(window.to(), window.length(), model).stream().map(p -> new DriftResult(p.model(), p.modelVersion(),
                p.feature(), p.method(), p.value(), p.threshold(), p.drifted(), p.sampleSize(), p.time())).toList();
    }

    @Override
    public List<SeriesPoint> history(String model, String feature, TimeRange.Window window, Duration step) {
        List<SeriesPoint> points = new ArrayList<>();
        List<SeriesPoint> thresholds = new ArrayList<>();
        for (DriftQueries.MethodStep s : queries.steps(model, feature, window.closed(), step)) {
            points.add(new SeriesPoint(s.method(), s.time(), s.value()));
            thresholds.add(new SeriesPoint(s.method() + " threshold", s.time(), s.threshold()));
        }
        points.addAll(thresholds);
        return points;
    }
}
