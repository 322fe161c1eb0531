package dev.fathom.alerts.store;

import dev.fathom.model.alert.Alert;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The alerts the service knows, by fingerprint: the latest version of each, merged as
 * Alertmanager merges (a re-sent firing alert keeps its first startsAt). Not thread-safe: the
 * engine guards it.
 */
public final class AlertStore {

    private final Map<String, Alert> alerts = new LinkedHashMap<>();

    /** Stores the alert and returns the merged version that now stands for its fingerprint. */
    public Alert put(Alert incoming) {
        String fp = incoming.fingerprint();
        Alert existing = alerts.get(fp);
        Alert merged = incoming;
        boolean sameEpisode = existing != null && existing.startsAt().isBefore(incoming.startsAt())
                && (existing.endsAt() == null || !existing.endsAt().isBefore(incoming.startsAt()));
        if (sameEpisode) {
            merged = new Alert(incoming.labels(), incoming.annotations(), existing.startsAt(), incoming.endsAt(), incoming.generatorURL());
        }
        alerts.put(fp, merged);
        return merged;
    }

    public Optional<Alert> get(String fingerprint) {
        return Optional.ofNullable(alerts.get(fingerprint));
    }

    public List<Alert> all() {
        return new ArrayList<>(alerts.values());
    }

    /** Firing alerts at {@code now}. */
    public List<Alert> firing(Instant now) {
        return alerts.values().stream().filter(a -> !a.isResolvedAt(now)).toList();
    }

    /** Forgets alerts resolved longer than {@code retention} ago; returns their fingerprints. */
    public List<String> collectGarbage(Instant now, Duration retention) {
        List<String> gone = new ArrayList<>();
        alerts.values().removeIf(a -> {
            boolean old = a.endsAt() != null && a.endsAt().plus(retention).isBefore(now);
            if (old) {
                gone.add(a.fingerprint());
            }
            return old;
        });
        return gone;
    }

    /** Forgets one alert (journal replay of a garbage collection). */
    public void collectGarbageOne(String fingerprint) {
        alerts.remove(fingerprint);
    }

    public int size() {
        return alerts.size();
    }
}
