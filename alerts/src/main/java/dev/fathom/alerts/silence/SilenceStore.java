package dev.fathom.alerts.silence;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The silences, by id. Not thread-safe: the engine guards it. What API clients can make it hold
 * is bounded (as Alertmanager bounds the number and size of silences): without a bound, a client
 * posting large silences fills the heap (the long fuzz run did, at a few hundred silences of
 * 20,000 matchers each).
 */
public final class SilenceStore {

    /** Matchers in one silence; real ones have a handful. */
    public static final int MAX_MATCHERS = 100;
    /** Characters of one silence's matcher names and values, createdBy and comment together. */
    public static final int MAX_TEXT_CHARS = 16 * 1024;
    /** Silences active or pending at once; expired ones do not count. */
    public static final int MAX_LIVE = 10_000;

    private final Map<String, Silence> silences = new LinkedHashMap<>();

    /**
     * A new silence gets a fresh id; one with a known id replaces it (Alertmanager's update). One
     * over the bounds above is refused with an {@link IllegalArgumentException} saying which.
     */
    public Silence save(Silence s, Instant now) {
        String id = s.id().isEmpty() ? UUID.randomUUID().toString() : s.id();
        if (!s.id().isEmpty() && !silences.containsKey(id)) {
            throw new java.util.NoSuchElementException("silence " + id + " not found");
        }
        checkBounds(s, now);
        Silence saved = new Silence(id, s.matchers(), s.startsAt(), s.endsAt(), s.createdBy(), s.comment(), now);
        silences.put(id, saved);
        return saved;
    }

    private void checkBounds(Silence s, Instant now) {
        if (s.matchers().size() > MAX_MATCHERS) {
            throw new IllegalArgumentException("a silence has at most " + MAX_MATCHERS + " matchers; this one has " + s.matchers().size());
        }
        long chars = (long) s.createdBy().length() + s.comment().length();
        for (var m : s.matchers()) {
            chars += m.name().length() + m.value().length();
        }
        if (chars > MAX_TEXT_CHARS) {
            throw new IllegalArgumentException("a silence's matcher names and values, createdBy and comment hold at most "
                    + MAX_TEXT_CHARS + " characters together; this one has " + chars);
        }
        if (s.id().isEmpty() || "expired".equals(silences.get(s.id()).state(now))) {
            long live = silences.values().stream().filter(x -> !"expired".equals(x.state(now))).count();
            if (live >= MAX_LIVE) {
                throw new IllegalArgumentException("there are already " + live + " active or pending silences, the most the service keeps;"
                        + " expire some first");
            }
        }
    }

    /** Puts a silence back as it was (journal replay). */
    public void restore(Silence s) {
        silences.put(s.id(), s);
    }

    /** Ends a silence now (Alertmanager's DELETE); returns the expired silence. */
    public Silence expire(String id, Instant now) {
        Silence s = silences.get(id);
        if (s == null) {
            throw new java.util.NoSuchElementException("silence " + id + " not found");
        }
        if ("expired".equals(s.state(now))) {
            return s;
        }
        Instant end = now.isBefore(s.startsAt()) ? s.startsAt() : now;
        Silence expired = new Silence(s.id(), s.matchers(), s.startsAt(), end, s.createdBy(), s.comment(), now);
        silences.put(id, expired);
        return expired;
    }

    /** Forgets a silence (journal replay of a garbage collection). */
    public void remove(String id) {
        silences.remove(id);
    }

    public Optional<Silence> get(String id) {
        return Optional.ofNullable(silences.get(id));
    }

    public List<Silence> all() {
        return new ArrayList<>(silences.values());
    }

    /** Ids of active silences that mute these labels. */
    public List<String> mutedBy(Map<String, String> labels, Instant now) {
        List<String> ids = new ArrayList<>();
        for (Silence s : silences.values()) {
            if (s.mutes(labels, now)) {
                ids.add(s.id());
            }
        }
        return ids;
    }

    /** Forgets silences expired longer than {@code retention} ago. */
    public List<String> collectGarbage(Instant now, Duration retention) {
        List<String> gone = new ArrayList<>();
        silences.values().removeIf(s -> {
            boolean old = s.endsAt().plus(retention).isBefore(now);
            if (old) {
                gone.add(s.id());
            }
            return old;
        });
        return gone;
    }
}
