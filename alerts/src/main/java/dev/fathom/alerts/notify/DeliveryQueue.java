package dev.fathom.alerts.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import dev.fathom.alerts.config.AlertsConfig;
import dev.fathom.alerts.history.AlertHistory;
import dev.fathom.alerts.state.Journal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifications and keeps them until they are sent. Each (integration, group) has one slot:
 * a newer flush of the group replaces a notification still waiting there, so a receiver never
 * gets stale news after fresh news. Every queued notification is in the journal first; a
 * delivered or dropped one is marked there, so a restart resends exactly what was not delivered.
 *
 * <p>Retries run on Failsafe: exponential backoff from {@code initial_backoff} up to
 * {@code max_backoff} with jitter (a random 50-100% of the step), and a server's Retry-After
 * taken as the least wait. After {@code max_attempts} the notification stays queued and is tried
 * again after {@code requeue_after}. A failure that retrying cannot fix (a 4xx other than 408 or
 * 429) drops it, recorded in history as failed.
 */
public final class DeliveryQueue implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeliveryQueue.class);

    /** The attempt was overtaken by a newer notification for the same slot, or the queue closed. */
    private static final class Abandoned extends RuntimeException {
        Abandoned() {
            super(null, null, false, false);
        }
    }

    private static final class Slot {
        Notification queued;
        boolean running;
        boolean waiting;
    }

    private final Map<String, Notifier> notifiers;
    private final HttpDelivery http;
    private final NotificationLog nflog;
    private final Journal journal;
    private final AlertHistory history;
    private final AlertsConfig.Delivery config;
    private final Clock clock;
    private final Map<String, Slot> slots = new HashMap<>();
    private final ScheduledExecutorService scheduler;
    private volatile boolean closed;

    /** @param notifiers by integration key ({@code receiver/type/index}) */
    public DeliveryQueue(Map<String, Notifier> notifiers, NotificationLog nflog, Journal journal, AlertHistory history,
                         AlertsConfig.Delivery config, Clock clock) {
        this.notifiers = Map.copyOf(notifiers);
        this.http = new HttpDelivery(config.timeout(), clock);
        this.nflog = nflog;
        this.journal = journal;
        this.history = history;
        this.config = config;
        this.clock = clock;
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(4, r -> {
            Thread t = new Thread(r, "alerts-delivery");
            t.setDaemon(true);
            return t;
        });
        // On close, waiting retries are dropped (they stay queued in the journal), not run.
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        pool.setRemoveOnCancelPolicy(true);
        this.scheduler = pool;
    }

    private static String slotKey(String integrationKey, String groupKey) {
        return NotificationLog.key(integrationKey, groupKey);
    }

    /** Queues a notification durably and starts sending it. */
    public void submit(Notification n) {
        ObjectNode record = Journal.record("pending");
        record.set("notification", n.toJson());
        // Queued in memory first, then journaled (see Journal#rewrite); a "done" that lands before
        // its "pending" is matched by id on replay.
        enqueue(n, () -> journal.append(record));
    }

    /** Re-queues notifications the journal holds as pending (after a restart). */
    public void restore(List<Notification> pending) {
        pending.forEach(n -> enqueue(n, () -> { }));
    }

    private void enqueue(Notification n, Runnable beforeSending) {
        if (!notifiers.containsKey(n.integrationKey())) {
            log.warn("dropping a queued notification for {}: that integration is no longer configured", n.integrationKey());
            markDone("dropped", n);
            return;
        }
        Slot slot;
        Notification replaced;
        synchronized (slots) {
            slot = slots.computeIfAbsent(slotKey(n.integrationKey(), n.groupKey()), k -> new Slot());
            replaced = slot.running ? null : slot.queued;
            slot.queued = n;
        }
        beforeSending.run();
        if (replaced != null && !replaced.id().equals(n.id())) {
            markDone("superseded", replaced);
        }
        start(slot);
    }

    /** The notification waiting or in flight for this integration and group, if any. */
    public Optional<Notification> pending(String integrationKey, String groupKey) {
        synchronized (slots) {
            Slot slot = slots.get(slotKey(integrationKey, groupKey));
            return Optional.ofNullable(slot == null ? null : slot.queued);
        }
    }

    /** Number of notifications not yet delivered. */
    public int size() {
        synchronized (slots) {
            return (int) slots.values().stream().filter(s -> s.queued != null).count();
        }
    }

    private void start(Slot slot) {
        Notification n;
        synchronized (slots) {
            if (closed || slot.running || slot.waiting || slot.queued == null) {
                return;
            }
            slot.running = true;
            n = slot.queued;
        }
        Notifier notifier = notifiers.get(n.integrationKey());
        RetryPolicy<Object> policy = RetryPolicy.builder()
                .handleIf(e -> e instanceof DeliveryException d && d.retryable())
                .withDelayFn(ctx -> delay(ctx.getAttemptCount(), ctx.getLastException()))
                .withMaxAttempts(config.maxAttempts())
                .build();
        Failsafe.with(policy).with(scheduler)
                .runAsync(ctx -> attempt(slot, n, notifier, ctx.getAttemptCount() + 1))
                .whenComplete((ok, failure) -> finished(slot, n, notifier, failure));
    }

    /** Exponential backoff with jitter; a Retry-After is the least wait. */
    Duration delay(int attemptsSoFar, Throwable last) {
        long step = config.initialBackoff().toMillis() << Math.min(20, Math.max(0, attemptsSoFar - 1));
        long capped = Math.min(step, config.maxBackoff().toMillis());
        long jittered = capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1);
        if (last instanceof DeliveryException d && d.retryAfter() != null) {
            return Duration.ofMillis(Math.max(jittered, d.retryAfter().toMillis()));
        }
        return Duration.ofMillis(jittered);
    }

    private void attempt(Slot slot, Notification n, Notifier notifier, int attempt) throws DeliveryException {
        synchronized (slots) {
            if (closed || slot.queued != n) {
                throw new Abandoned();
            }
        }
        String dedupKey = notifier.dedupKey(n);
        try {
            int status = http.send(n.integrationKey(), notifier.render(n), notifier.secrets());
            record(n, notifier, "sent", attempt, status, dedupKey, "");
        } catch (DeliveryException e) {
            boolean last = attempt >= config.maxAttempts();
            record(n, notifier, !e.retryable() ? "failed" : last ? "queued" : "retrying", attempt, e.httpStatus(), dedupKey, e.getMessage());
            throw e;
        }
    }

    private void record(Notification n, Notifier notifier, String status, int attempt, int httpStatus, String dedupKey, String error) {
        history.notificationAttempt(new AlertHistory.NotificationAttempt(clock.instant(), n.groupKey(), n.receiver(),
                notifier.integration(), status, attempt, httpStatus, dedupKey, n.alerts().size(), !n.firing().isEmpty(), error));
    }

    private void finished(Slot slot, Notification n, Notifier notifier, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause == null) {
            nflog.record(n.integrationKey(), n.groupKey(), n.firing(), n.resolved(), clock.instant(), doneRecord("delivered", n));
            log.info("notified {} about {} ({} firing, {} resolved)", n.integrationKey(), n.groupKey(), n.firing().size(), n.resolved().size());
            release(slot, n, false);
        } else if (cause instanceof DeliveryException d && !d.retryable()) {
            log.warn("notification to {} for {} dropped: {}", n.integrationKey(), n.groupKey(), d.getMessage());
            markDone("dropped", n);
            release(slot, n, false);
        } else if (cause instanceof Abandoned) {
            release(slot, n, true);
        } else if (slotTakenOver(slot, n)) {
            release(slot, n, true);
        } else {
            log.warn("notification to {} for {} not delivered after {} attempts, kept queued and tried again in {}: {}",
                    n.integrationKey(), n.groupKey(), config.maxAttempts(), config.requeueAfter(), cause.getMessage());
            synchronized (slots) {
                slot.running = false;
                slot.waiting = true;
            }
            if (!closed) {
                scheduler.schedule(() -> {
                    synchronized (slots) {
                        slot.waiting = false;
                    }
                    start(slot);
                }, config.requeueAfter().toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private boolean slotTakenOver(Slot slot, Notification n) {
        synchronized (slots) {
            return slot.queued != n;
        }
    }

    /** Frees the slot; a newer notification that arrived meanwhile starts. */
    private void release(Slot slot, Notification done, boolean abandoned) {
        Notification superseded = null;
        synchronized (slots) {
            slot.running = false;
            if (slot.queued == done && !abandoned) {
                slot.queued = null;
            } else if (abandoned && slot.queued != done) {
                superseded = done;
            }
        }
        if (superseded != null) {
            markDone("superseded", superseded);
        }
        start(slot);
    }

    private void markDone(String how, Notification n) {
        if (closed && "superseded".equals(how)) {
            return;
        }
        journal.append(doneRecord(how, n));
    }

    private static ObjectNode doneRecord(String how, Notification n) {
        ObjectNode record = Journal.record("done");
        record.put("id", n.id());
        record.put("how", how);
        return record;
    }

    /** The pending notifications, for a journal snapshot. */
    public List<ObjectNode> snapshot() {
        List<ObjectNode> out = new ArrayList<>();
        synchronized (slots) {
            for (Slot s : slots.values()) {
                if (s.queued != null) {
                    ObjectNode record = Journal.record("pending");
                    record.set("notification", s.queued.toJson());
                    out.add(record);
                }
            }
        }
        return out;
    }

    /** Pending notifications in journal records, oldest first, less those marked done. */
    public static List<Notification> pendingIn(List<? extends JsonNode> records) {
        Map<String, Notification> pending = new java.util.LinkedHashMap<>();
        java.util.Set<String> done = new java.util.HashSet<>();
        for (JsonNode r : records) {
            switch (r.get("type").asText()) {
                case "pending" -> {
                    Notification n = Notification.fromJson(r.get("notification"));
                    pending.put(n.id(), n);
                }
                case "done" -> done.add(r.get("id").asText());
                default -> { }
            }
        }
        pending.keySet().removeAll(done);
        return new ArrayList<>(pending.values());
    }

    /** Stops sending: attempts in flight may finish; whatever is not delivered stays in the journal. */
    @Override
    public void close() {
        closed = true;
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(config.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            scheduler.shutdownNow();
        }
    }
}
