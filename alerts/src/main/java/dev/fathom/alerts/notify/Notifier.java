package dev.fathom.alerts.notify;

/** One integration (Slack, PagerDuty, webhook, Alertmanager): renders the request for a notification. */
public interface Notifier {

    /** The integration's type as recorded in history: slack, pagerduty, webhook, alertmanager. */
    String integration();

    /** Whether resolved alerts are sent (Alertmanager's {@code send_resolved}). */
    boolean sendResolved();

    /** The HTTP request that tells the integration about this notification. */
    OutboundRequest render(Notification notification);

    /** The key the integration deduplicates by (PagerDuty's dedup_key), or "". */
    default String dedupKey(Notification notification) {
        return "";
    }

    /** Secret values to scrub from any error text. */
    java.util.List<String> secrets();
}
