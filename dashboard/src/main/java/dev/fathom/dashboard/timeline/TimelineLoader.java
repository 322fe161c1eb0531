package dev.fathom.dashboard.timeline;

import dev.fathom.dashboard.alert.AlertData;
import dev.fathom.dashboard.alert.AlertEvent;
import dev.fathom.dashboard.anomaly.AnomalyData;
import dev.fathom.dashboard.cost.CostData;
import dev.fathom.dashboard.cost.CostGrouping;
import dev.fathom.dashboard.drift.DriftData;
import dev.fathom.dashboard.drift.DriftResult;
import dev.fathom.dashboard.security.CostScope;
import dev.fathom.dashboard.slo.SloData;
import dev.fathom.dashboard.slo.SloStatus;
import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.dashboard.view.Parallel;
import dev.fathom.storage.query.SeriesPoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the five bands of a timeline (anomalies, drift, SLO burn, alerts, cost) for one subject.
 * Each band says why it is empty when the subject kind has no such data (a node has no drift).
 */
public class TimelineLoader {

    static final int MAX_EVENTS = 2000;

    private final AnomalyData anomalies;
    private final DriftData drift;
    private final SloData slos;
    private final AlertData alerts;
    private final CostData cost;

    public TimelineLoader(AnomalyData anomalies, DriftData drift, SloData slos, AlertData alerts, CostData cost) {
        this.anomalies = anomalies;
        this.drift = drift;
        this.slos = slos;
        this.alerts = alerts;
        this.cost = cost;
    }

    /** @param costScope which cost the user may see: a team-bound user sees only their team's cost */
    public List<TimelineRow> load(TimelineSubject subject, String name, TimeRange.Window window, CostScope costScope) {
        // The five bands are independent: read them at the same time.
        var anomalies = Parallel.start(() -> anomalyRow(subject, name, window));
        var drift = Parallel.start(() -> driftRow(subject, name, window));
        var slos = Parallel.start(() -> sloRow(subject, name, window));
        var alerts = Parallel.start(() -> alertRow(subject, name, window));
        var cost = Parallel.start(() -> costRow(subject, name, window, costScope));
        List<TimelineRow> rows = new ArrayList<>();
        rows.add(Parallel.join(anomalies));
        rows.add(Parallel.join(drift));
        rows.add(Parallel.join(slos));
        rows.add(Parallel.join(alerts));
        rows.add(Parallel.join(cost));
        return rows;
    }

    private TimelineRow anomalyRow(TimelineSubject subject, String name, TimeRange.Window window) {
        if (subject != TimelineSubject.NODE) {
            return new TimelineRow("Anomalies (score)", "", List.of(), true, "anomalies are per host: open a node's timeline");
        }
        List<SeriesPoint> points = anomalies.onHost(name, window, MAX_EVENTS).stream()
                .map(a -> new SeriesPoint(a.metric(), a.time(), a.score())).toList();
        return new TimelineRow("Anomalies (score)", "", points, true, points.isEmpty() ? "no anomalies on " + name : "");
    }

    private TimelineRow driftRow(TimelineSubject subject, String name, TimeRange.Window window) {
        if (subject != TimelineSubject.MODEL) {
            return new TimelineRow("Drift (value / threshold)", "×", List.of(), false, "drift is per model: open a model's timeline");
        }
        List<SeriesPoint> points = new ArrayList<>();
        List<DriftResult> latest = drift.latest(window, Optional.of(name));
        latest.stream().map(DriftResult::feature).distinct().limit(8).forEach(feature -> {
            List<SeriesPoint> history = drift.history(name, feature, window, window.step());
            for (SeriesPoint value : history) {
                if (value.series().endsWith(" threshold")) {
                    continue;
                }
                history.stream()
                        .filter(t -> t.series().equals(value.series() + " threshold") && t.time().equals(value.time()) && t.value() != 0)
                        .findFirst()
                        .ifPresent(t -> points.add(new SeriesPoint(feature + " " + value.series(), value.time(), value.value() / t.value())));
            }
        });
        return new TimelineRow("Drift (value / threshold)", "×", points, false, points.isEmpty() ? "no drift results for " + name : "");
    }

    private TimelineRow sloRow(TimelineSubject subject, String name, TimeRange.Window window) {
        if (subject == TimelineSubject.MODEL) {
            return new TimelineRow("SLO burn rate (1h)", "×", List.of(), false, "SLOs belong to teams: open a team's timeline");
        }
        List<SeriesPoint> points = new ArrayList<>();
        List<SloStatus> ofTeam = subject == TimelineSubject.TEAM ? slos.latest(window, Optional.of(name)) : List.of();
        for (SloStatus slo : ofTeam) {
            slos.history(slo.slo(), window, window.step()).stream().filter(p -> p.series().equals("burn 1h"))
                    .forEach(p -> points.add(new SeriesPoint(slo.slo(), p.time(), p.value())));
        }
        String why = subject == TimelineSubject.NODE ? "SLOs belong to teams: open a team's timeline"
                : points.isEmpty() ? "no SLO of team " + name : "";
        return new TimelineRow("SLO burn rate (1h)", "×", points, false, why);
    }

    private TimelineRow alertRow(TimelineSubject subject, String name, TimeRange.Window window) {
        List<SeriesPoint> points = new ArrayList<>();
        for (AlertEvent event : alerts.eventsWithLabel(window, subject.alertLabel, name, MAX_EVENTS)) {
            points.add(new SeriesPoint(event.alertname() + " " + event.status(), event.time(), "firing".equals(event.status()) ? 1 : 0));
        }
        return new TimelineRow("Alerts (1 firing, 0 resolved)", "", points, true,
                points.isEmpty() ? "no alert with " + subject.alertLabel + "=" + name : "");
    }

    private TimelineRow costRow(TimelineSubject subject, String name, TimeRange.Window window, CostScope scope) {
        if (subject == TimelineSubject.MODEL) {
            return new TimelineRow("Cost", "", List.of(), false, "cost is per team or node");
        }
        if (!scope.allowed() || subject == TimelineSubject.TEAM && !scope.permits(Optional.of(name))) {
            return new TimelineRow("Cost", "", List.of(), false, "you may not see this cost");
        }
        List<SeriesPoint> points = subject == TimelineSubject.TEAM
                ? cost.overTime(window.forCost(), window.step(), CostGrouping.TEAM, Optional.of(name))
                : cost.hostOverTime(name, window.forCost(), window.step(), scope.team());
        return new TimelineRow("Cost", "", points, false, points.isEmpty() ? "no cost in the ledger for " + name : "");
    }
}
