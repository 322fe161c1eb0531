package dev.fathom.dashboard.slo;

import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.query.SeriesPoint;
import dev.fathom.storage.query.SloQueries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** {@link SloData} over storage's {@link SloQueries}. */
public class ClickHouseSloData implements SloData {

    /** How far back an SLO's last evaluation still counts as its status: SLO windows are at most 30 days. */
    static final Duration LOOKBACK = Duration.ofDays(90);

    private final SloQueries queries;

    public ClickHouseSloData(ClickHouseHttp clickhouse) {
        this.queries = new SloQueries(clickhouse);
    }

    @Override
    public List<SloStatus> latest(TimeRange.Window window, Optional<String> team) {
        return queries.latest(window.to(), LOOKBACK).stream()
                .filter(s -> team.map(t -> t.equals(s.team())).orElse(true))
                .map(s -> new SloStatus(s.slo(), s.service(), s.team(), s.objective(), s.windowSeconds(), s.sli(), s.budgetRemaining(),
                        s.burnRate5m(), s.burnRate30m(), s.burnRate1h(), s.burnRate2h(), s.burnRate6h(), s.burnRate1d(), s.burnRate3d(),
                        s.firing(), s.time()))
                .sorted(Comparator.comparingDouble(SloStatus::budgetRemaining).thenComparing(SloStatus::slo))
                .toList();
    }

    @Override
    public List<SeriesPoint> history(String slo, TimeRange.Window window, Duration step) {
        List<SeriesPoint> points = new ArrayList<>();
        for (SloQueries.SloStatus s : queries.history(slo, window.closed(), step)) {
            // The step's bucket start, not the evaluation's own time, so every series shares the x axis.
            java.time.Instant t = java.time.Instant.ofEpochSecond(s.time().getEpochSecond() / Math.max(1, step.toSeconds()) * Math.max(1, step.toSeconds()));
            points.add(new SeriesPoint("budget", t, s.budgetRemaining()));
            points.add(new SeriesPoint("burn 1h", t, s.burnRate1h()));
            points.add(new SeriesPoint("burn 6h", t, s.burnRate6h()));
            points.add(new SeriesPoint("burn 1d", t, s.burnRate1d()));
            points.add(new SeriesPoint("burn 3d", t, s.burnRate3d()));
        }
        return points;
    }
}
