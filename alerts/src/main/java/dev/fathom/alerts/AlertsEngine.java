package dev.fathom.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fathom.alerts.config.AlertsConfig;
import dev.fathom.alerts.dispatch.Dispatcher;
import dev.fathom.alerts.dispatch.Route;
import dev.fathom.alerts.history.AlertHistory;
import dev.fathom.alerts.inhibit.Inhibitor;
import dev.fathom.alerts.match.Matcher;
import dev.fathom.alerts.match.Matchers;
import dev.fathom.alerts.notify.DeliveryQueue;
import dev.fathom.alerts.notify.NotificationLog;
import dev.fathom.alerts.notify.NotificationStage;
import dev.fathom.alerts.notify.Notifier;
import dev.fathom.alerts.notify.alertmanager.AlertmanagerNotifier;
import dev.fathom.alerts.notify.pagerduty.PagerDutyNotifier;
import dev.fathom.alerts.notify.slack.SlackNotifier;
import dev.fathom.alerts.notify.webhook.WebhookNotifier;
import dev.fathom.alerts.silence.Silence;
import dev.fathom.alerts.silence.SilenceJson;
import dev.fathom.alerts.silence.SilenceStore;
import dev.fathom.alerts.state.Journal;
import dev.fathom.alerts.store.AlertStore;
import dev.fathom.model.alert.Alert;
import dev.fathom.model.alert.AlertJson;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts service's state and its one lock: the alert store, silences, inhibition, the
 * dispatcher with its aggregation groups, the notification log and the delivery queue, all kept
 * in the journal. Inputs (Kafka, HTTP, rules) call {@link #ingest}; a ticker calls
 * {@link #tick}. Time comes from the injected {@link Clock}.
 */
public final class AlertsEngine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AlertsEngine.class);
    /** Resolved alerts are kept this long for the API and late flushes. */
    static final Duration ALERT_RETENTION = Duration.ofHours(1);
    /** Alertmanager's silence and notification-log retention. */
    static final Duration RETENTION = Duration.ofHours(120);
    private static final long COMPACT_AFTER_RECORDS = 10_000;

    /** An alert as the API shows it. */
    public record AlertView(Alert alert, String state, List<String> silencedBy, List<String> inhibitedBy, List<String> receivers) {}

    private final AlertsConfig config;
    private final Clock clock;
    private final Journal journal;
    private final AlertHistory history;
    private final AlertStore store = new AlertStore();
    private final SilenceStore silences = new SilenceStore();
    private final Inhibitor inhibitor;
    private final NotificationLog nflog;
    private final DeliveryQueue queue;
    private final Dispatcher dispatcher;
    private final Map<String, String> lastStatus = new HashMap<>();
    /** When every status was last recomputed, and the earliest later instant at which time alone can change one. */
    private Instant statusesCheckedAt = Instant.MIN;
    private Instant nextTimedStatusChange = Instant.MIN;
    private Instant lastHousekeeping = Instant.EPOCH;

    public AlertsEngine(AlertsConfig config, Clock clock, AlertHistory history) {
        this.config = config;
        this.clock = clock;
        this.history = history;
        this.journal = Journal.open(Path.of(config.dataDir()));
        this.inhibitor = new Inhibitor(config.inhibitRules());
        this.nflog = new NotificationLog(journal);
        Map<String, Notifier> notifiers = new LinkedHashMap<>();
        Map<String, List<NotificationStage.Integration>> byReceiver = new HashMap<>();
        for (AlertsConfig.Receiver r : config.receivers()) {
            List<NotificationStage.Integration> list = new ArrayList<>();
            add(list, notifiers, r.name(), "slack", r.slackConfigs().stream().map(c -> (Notifier) new SlackNotifier(c, config.global().dashboardUrl())).toList());
            add(list, notifiers, r.name(), "pagerduty", r.pagerdutyConfigs().stream().map(c -> (Notifier) new PagerDutyNotifier(c, config.global().dashboardUrl())).toList());
            add(list, notifiers, r.name(), "webhook", r.webhookConfigs().stream().map(c -> (Notifier) new WebhookNotifier(c, config.global().externalUrl())).toList());
            add(list, notifiers, r.name(), "alertmanager", r.alertmanagerConfigs().stream().map(c -> (Notifier) new AlertmanagerNotifier(c)).toList());
            byReceiver.put(r.name(), list);
        }
        this.queue = new DeliveryQueue(notifiers, nflog, journal, history, config.delivery(), clock);
        NotificationStage stage = new NotificationStage(byReceiver, nflog, queue, this::muted);
        this.dispatcher = new Dispatcher(Route.tree(config.route()), stage);
        restore();
    }

    private static void add(List<NotificationStage.Integration> list, Map<String, Notifier> all, String receiver, String type, List<Notifier> notifiers) {
        for (int i = 0; i < notifiers.size(); i++) {
            String key = receiver + "/" + type + "/" + i;
            list.add(new NotificationStage.Integration(key, notifiers.get(i)));
            all.put(key, notifiers.get(i));
        }
    }

    /** Rebuilds the state from the journal, then compacts it. */
    private void restore() {
        List<ObjectNode> records = journal.replay();
        for (ObjectNode r : records) {
            switch (r.get("type").asText()) {
                case "alert" -> store.put(AlertJson.fromNode(r.get("alert")));
                case "alert_gone" -> store.collectGarbageOne(r.get("fingerprint").asText());
                case "silence" -> silences.restore(SilenceJson.fromJournal(r.get("silence")));
                case "silence_gone" -> silences.remove(r.get("id").asText());
                case "nflog" -> nflog.restore(r);
                default -> { }
            }
        }
        Instant now = clock.instant();
        List<Alert> firing = store.firing(now);
        for (Alert a : store.all()) {
            dispatcher.insert(a, now);
            lastStatus.put(a.fingerprint(), status(a, now, firing));
        }
        statusesCheckedAt = now;
        nextTimedStatusChange = nextTimedStatusChange(now);
        List<dev.fathom.alerts.notify.Notification> pending = DeliveryQueue.pendingIn(records);
        queue.restore(pending);
        compact();
        if (!records.isEmpty()) {
            log.info("restored {} alerts, {} silences and {} undelivered notifications from {}", store.size(),
                    silences.all().size(), pending.size(), config.dataDir());
        }
    }

    /**
     * Takes alerts in. {@code timeoutUnsetEnd}: an alert without endsAt resolves after
     * {@code global.resolve_timeout} unless sent again (Alertmanager's API behaviour, for clients
     * such as Prometheus that resend); Kafka alerts from Fathom's jobs fire until sent resolved.
     */
    public synchronized List<Alert> ingest(List<Alert> alerts, boolean timeoutUnsetEnd) {
        Instant now = clock.instant();
        List<Alert> stored = new ArrayList<>();
        List<ObjectNode> records = new ArrayList<>();
        for (Alert incoming : alerts) {
            Alert a = incoming;
            if (timeoutUnsetEnd && a.endsAt() == null) {
                Instant end = now.plus(config.global().resolveTimeout());
                a = new Alert(a.labels(), a.annotations(), a.startsAt(), end.isBefore(a.startsAt()) ? a.startsAt() : end, a.generatorURL());
            }
            Alert merged = store.put(a);
            ObjectNode record = Journal.record("alert");
            record.set("alert", AlertJson.toNode(merged));
            records.add(record);
            stored.add(merged);
        }
        journal.appendAll(records); // on disk before anything acts on them
        for (Alert merged : stored) {
            dispatcher.insert(merged, now);
        }
        if (inhibitor.mayInhibitOthers(stored)) {
            updateAllStatuses(now);
        } else {
            // Only these alerts changed, and no other alert's inhibition depends on them.
            updateStatuses(now, stored);
            stored.forEach(a -> expectTimedChangeAt(now, a.endsAt()));
        }
        dispatcher.tick(now);
        return stored;
    }

    /** Flushes due groups, records state changes, and now and then drops old state. */
    public synchronized void tick() {
        Instant now = clock.instant();
        dispatcher.tick(now);
        if (now.isBefore(statusesCheckedAt) || !now.isBefore(nextTimedStatusChange)) {
            // Time alone changes a status only where an alert ends or a silence starts or ends:
            // the rest of the time nothing is recomputed (every alert against every silence).
            updateAllStatuses(now);
        }
        if (Duration.between(lastHousekeeping, now).compareTo(Duration.ofMinutes(1)) >= 0) {
            lastHousekeeping = now;
            for (String fp : store.collectGarbage(now, ALERT_RETENTION)) {
                lastStatus.remove(fp);
                ObjectNode gone = Journal.record("alert_gone");
                gone.put("fingerprint", fp);
                journal.append(gone);
            }
            for (String id : silences.collectGarbage(now, RETENTION)) {
                ObjectNode gone = Journal.record("silence_gone");
                gone.put("id", id);
                journal.append(gone);
            }
            nflog.collectGarbage(now, RETENTION);
            if (journal.appendedSinceRewrite() > COMPACT_AFTER_RECORDS) {
                compact();
            }
        }
    }

    /** When {@link #tick} next has work: the earliest group flush. */
    public synchronized Optional<Instant> nextFlush() {
        return dispatcher.nextFlush();
    }

    /** Recomputes every alert's status; records the changes in the history. */
    private void updateAllStatuses(Instant now) {
        updateStatuses(now, store.all());
        statusesCheckedAt = now;
        nextTimedStatusChange = nextTimedStatusChange(now);
    }

    /**
     * Recomputes the status of these alerts only; records the changes in the history. Callers
     * pass every alert whose status the change they made can affect.
     */
    private void updateStatuses(Instant now, List<Alert> alerts) {
        if (alerts.isEmpty()) {
            return;
        }
        List<Alert> firing = store.firing(now);
        for (Alert a : alerts) {
            String status = status(a, now, firing);
            String before = lastStatus.put(a.fingerprint(), status);
            if (!status.equals(before)) {
                List<dev.fathom.alerts.dispatch.AggregationGroup> groups = dispatcher.groupsOf(a.fingerprint());
                history.alertEvent(new AlertHistory.AlertEvent(now, a, status, groups.isEmpty() ? "" : groups.get(0).key()));
            }
        }
    }

    /** The alerts that these matchers select, whatever the time (a silence's candidates). */
    private List<Alert> matchedBy(List<Matcher> matchers) {
        return store.all().stream().filter(a -> Matchers.matchAll(matchers, a.labels())).toList();
    }

    /** The earliest instant after {@code now} at which an alert ends or a silence starts or ends. */
    private Instant nextTimedStatusChange(Instant now) {
        Instant next = Instant.MAX;
        for (Alert a : store.all()) {
            next = earliestAfter(now, next, a.endsAt());
        }
        for (Silence s : silences.all()) {
            next = earliestAfter(now, earliestAfter(now, next, s.startsAt()), s.endsAt());
        }
        return next;
    }

    /** Makes the ticker recompute every status at {@code at} (an alert's end, a silence's start or end). */
    private void expectTimedChangeAt(Instant now, Instant at) {
        nextTimedStatusChange = earliestAfter(now, nextTimedStatusChange, at);
    }

    private static Instant earliestAfter(Instant now, Instant next, Instant at) {
        return at != null && at.isAfter(now) && at.isBefore(next) ? at : next;
    }

    private String status(Alert a, Instant now, List<Alert> firing) {
        if (a.isResolvedAt(now)) {
            return "resolved";
        }
        if (!silences.mutedBy(a.labels(), now).isEmpty()) {
            return "silenced";
        }
        return inhibitor.inhibitedBy(a, firing).isEmpty() ? "firing" : "inhibited";
    }

    private boolean muted(Alert a, Instant now) {
        return !silences.mutedBy(a.labels(), now).isEmpty() || !inhibitor.inhibitedBy(a, store.firing(now)).isEmpty();
    }

    // Silences

    public synchronized Silence saveSilence(Silence s) {
        Instant now = clock.instant();
        Optional<Silence> before = s.id().isEmpty() ? Optional.empty() : silences.get(s.id());
        Silence saved = silences.save(s, now);
        ObjectNode record = Journal.record("silence");
        record.set("silence", SilenceJson.toJournal(saved));
        journal.append(record);
        // A silence changes the status of the alerts its matchers (old or new) select, nothing else.
        updateStatuses(now, store.all().stream().filter(a -> Matchers.matchAll(saved.matchers(), a.labels())
                || before.filter(old -> Matchers.matchAll(old.matchers(), a.labels())).isPresent()).toList());
        expectTimedChangeAt(now, saved.startsAt());
        expectTimedChangeAt(now, saved.endsAt());
        return saved;
    }

    public synchronized Silence expireSilence(String id) {
        Instant now = clock.instant();
        Silence expired = silences.expire(id, now);
        ObjectNode record = Journal.record("silence");
        record.set("silence", SilenceJson.toJournal(expired));
        journal.append(record);
        updateStatuses(now, matchedBy(expired.matchers()));
        expectTimedChangeAt(now, expired.endsAt());
        return expired;
    }

    public synchronized List<Silence> silences() {
        return silences.all();
    }

    public synchronized Optional<Silence> silence(String id) {
        return silences.get(id);
    }

    // Views

    public synchronized List<AlertView> alerts() {
        Instant now = clock.instant();
        List<Alert> firing = store.firing(now);
        List<AlertView> out = new ArrayList<>();
        for (Alert a : store.all()) {
            List<String> silencedBy = silences.mutedBy(a.labels(), now);
            List<String> inhibitedBy = inhibitor.inhibitedBy(a, firing);
            String state = silencedBy.isEmpty() && inhibitedBy.isEmpty() ? "active" : "suppressed";
            List<String> receivers = dispatcher.root().match(a.labels()).stream().map(Route::receiver).distinct().toList();
            out.add(new AlertView(a, state, silencedBy, inhibitedBy, receivers));
        }
        return out;
    }

    public DeliveryQueue deliveries() {
        return queue;
    }

    public Instant now() {
        return clock.instant();
    }

    private void compact() {
        journal.rewrite(this::snapshot);
    }

    private List<ObjectNode> snapshot() {
        List<ObjectNode> snapshot = new ArrayList<>();
        for (Alert a : store.all()) {
            ObjectNode record = Journal.record("alert");
            record.set("alert", AlertJson.toNode(a));
            snapshot.add(record);
        }
        for (Silence s : silences.all()) {
            ObjectNode record = Journal.record("silence");
            record.set("silence", SilenceJson.toJournal(s));
            snapshot.add(record);
        }
        snapshot.addAll(nflog.snapshot());
        snapshot.addAll(queue.snapshot());
        return snapshot;
    }

    /** Stops deliveries (undelivered ones stay queued in the journal), writes a snapshot, closes the journal. */
    @Override
    public void close() {
        queue.close();
        synchronized (this) {
            compact();
            journal.close();
        }
    }
}
