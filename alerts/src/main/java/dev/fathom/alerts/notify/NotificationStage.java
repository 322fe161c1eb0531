package dev.fathom.alerts.notify;

import dev.fathom.alerts.dispatch.AggregationGroup;
import dev.fathom.alerts.dispatch.Dispatcher;
import dev.fathom.model.alert.Alert;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A group's flush, as Alertmanager's notification pipeline: leave out muted (silenced or
 * inhibited) firing alerts, ask the notification log whether each integration of the receiver
 * needs telling, and queue what must be sent. Resolved alerts are never muted, so a receiver
 * that was paged hears the resolve even if a silence began in between.
 */
public final class NotificationStage implements Dispatcher.Flusher {

    /** Whether a firing alert is muted now. */
    public interface Muter {
        boolean muted(Alert alert, Instant now);
    }

    /** One integration of a receiver. */
    public record Integration(String key, Notifier notifier) {}

    private final Map<String, List<Integration>> integrationsByReceiver;
    private final NotificationLog nflog;
    private final DeliveryQueue queue;
    private final Muter muter;

    public NotificationStage(Map<String, List<Integration>> integrationsByReceiver, NotificationLog nflog, DeliveryQueue queue, Muter muter) {
        this.integrationsByReceiver = Map.copyOf(integrationsByReceiver);
        this.nflog = nflog;
        this.queue = queue;
        this.muter = muter;
    }

    @Override
    public void flush(AggregationGroup group, List<Alert> alerts, Instant now) {
        List<Alert> active = alerts.stream().filter(a -> a.isResolvedAt(now) || !muter.muted(a, now)).toList();
        if (active.isEmpty()) {
            return;
        }
        Set<String> firing = new LinkedHashSet<>();
        Set<String> resolved = new LinkedHashSet<>();
        for (Alert a : active) {
            (a.isResolvedAt(now) ? resolved : firing).add(a.fingerprint());
        }
        String receiver = group.route().receiver();
        for (Integration integration : integrationsByReceiver.getOrDefault(receiver, List.of())) {
            Notification waiting = queue.pending(integration.key(), group.key()).orElse(null);
            if (waiting != null && waiting.firing().equals(firing) && waiting.resolved().equals(resolved)) {
                continue; // the same news is already on its way
            }
            NotificationLog.Entry last = nflog.get(integration.key(), group.key()).orElse(null);
            boolean sendResolved = integration.notifier().sendResolved();
            if (!NotificationLog.needsUpdate(last, firing, resolved, sendResolved, group.route().repeatInterval(), now)) {
                continue;
            }
            List<Alert> toSend = sendResolved ? active : active.stream().filter(a -> firing.contains(a.fingerprint())).toList();
            if (toSend.isEmpty()) {
                // Nothing this integration shows (all resolved, send_resolved off): remember it was told.
                nflog.record(integration.key(), group.key(), firing, resolved, now);
                continue;
            }
            queue.submit(new Notification(UUID.randomUUID().toString(), integration.key(), receiver, group.key(),
                    group.labels(), toSend, firing, resolved, now));
        }
    }
}
