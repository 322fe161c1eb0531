package dev.fathom.dashboard.alert;

import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.query.AlertQueries;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link AlertData} over storage's {@link AlertQueries}. */
public class ClickHouseAlertData implements AlertData {

    /** At most this many firing alerts are shown. */
    static final int MAX_FIRING = 1000;

    private final AlertQueries queries;

    public ClickHouseAlertData(ClickHouseHttp clickhouse) {
        this.queries = new AlertQueries(clickhouse);
    }

    @Override
    public List<AlertEvent> firing(TimeRange.Window window) {
        return queries.firing(window.to()).stream().map(ClickHouseAlertData::toEvent)
                .sorted(Comparator.comparing(AlertEvent::startsAt).reversed().thenComparing(AlertEvent::fingerprint))
                .limit(MAX_FIRING).toList();
    }

    @Override
    public List<AlertEvent> events(TimeRange.Window window, int offset, int limit) {
        return queries.events(window.closed(), "", "", offset, limit).rows().stream().map(ClickHouseAlertData::toEvent).toList();
    }

    @Override
    public int countEvents(TimeRange.Window window) {
        return (int) queries.events(window.closed(), "", "", 0, 1).total();
    }

    @Override
    public List<AlertNotification> notifications(TimeRange.Window window, int offset, int limit) {
        return queries.notifications(window.closed(), "", offset, limit).rows().stream().map(n -> new AlertNotification(n.time(),
                n.groupKey(), n.receiver(), n.integration(), n.status(), n.attempt(), n.httpStatus(), n.firing(),
                (int) n.alertCount(), n.error())).toList();
    }

    @Override
    public int countNotifications(TimeRange.Window window) {
        return (int) queries.notifications(window.closed(), "", 0, 1).total();
    }

    @Override
    public List<AlertEvent> eventsWithLabel(TimeRange.Window window, String label, String value, int limit) {
        return queries.withLabel(window.closed(), label, value, limit).stream().map(ClickHouseAlertData::toEvent).toList();
    }

    static AlertEvent toEvent(AlertQueries.AlertEvent e) {
        Map<String, String> annotations = e.annotations();
        return new AlertEvent(e.time(), e.fingerprint(), e.alertname(), e.status(), e.severity(), e.source(), e.startsAt(),
                new LinkedHashMap<>(e.labels()), annotations.getOrDefault("summary", annotations.getOrDefault("description", "")));
    }
}
