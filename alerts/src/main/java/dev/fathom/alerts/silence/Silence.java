package dev.fathom.alerts.silence;

import dev.fathom.alerts.match.Matcher;
import dev.fathom.alerts.match.Matchers;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A silence as Alertmanager's API v2 has it: alerts whose labels match every matcher are muted
 * between {@code startsAt} and {@code endsAt}.
 */
public record Silence(String id, List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy, String comment, Instant updatedAt) {

    public Silence {
        Objects.requireNonNull(id, "id");
        matchers = List.copyOf(matchers);
        if (matchers.isEmpty()) {
            throw new IllegalArgumentException("a silence needs at least one matcher");
        }
        if (startsAt == null || endsAt == null) {
            throw new IllegalArgumentException("a silence needs startsAt and endsAt");
        }
        if (endsAt.isBefore(startsAt)) {
            throw new IllegalArgumentException("a silence must not end (" + endsAt + ") before it starts (" + startsAt + ")");
        }
        if (createdBy == null || createdBy.isBlank()) {
            throw new IllegalArgumentException("a silence needs createdBy");
        }
        if (comment == null || comment.isBlank()) {
            throw new IllegalArgumentException("a silence needs a comment");
        }
        if (matchers.stream().allMatch(m -> m.matches(Map.of()))) {
            throw new IllegalArgumentException("a silence's matchers must not all match the empty label set: it would mute everything");
        }
    }

    /** Alertmanager's states: pending before startsAt, active until endsAt, then expired. */
    public String state(Instant now) {
        if (now.isBefore(startsAt)) {
            return "pending";
        }
        return now.isBefore(endsAt) ? "active" : "expired";
    }

    public boolean mutes(Map<String, String> labels, Instant now) {
        return "active".equals(state(now)) && Matchers.matchAll(matchers, labels);
    }
}
