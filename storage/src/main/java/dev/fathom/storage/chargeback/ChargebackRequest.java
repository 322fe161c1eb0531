package dev.fathom.storage.chargeback;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What to export: the half-open period [from, to), how to group and how fine, and, for a
 * team-bound user, the one team they may see.
 */
public record ChargebackRequest(Instant from, Instant to, GroupBy groupBy, Granularity granularity, Optional<String> team) {

    /** The times ClickHouse's DateTime holds (the ledger's minute column): an export period lies within. */
    public static final Instant EARLIEST = Instant.EPOCH;
    public static final Instant LATEST = Instant.parse("2106-01-01T00:00:00Z");

    public ChargebackRequest {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(groupBy, "groupBy");
        Objects.requireNonNull(granularity, "granularity");
        team = team == null ? Optional.empty() : team.filter(t -> !t.isBlank());
        if (from.isBefore(EARLIEST) || to.isAfter(LATEST)) {
            throw new IllegalArgumentException("the export period " + from + " to " + to + " is outside the times the cost ledger"
                    + " holds (" + EARLIEST + " to " + LATEST + ")");
        }
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("the export period is empty: --to (" + to + ") must be after --from (" + from + ")");
        }
    }

    /** How rows are split beside period, kind and price tier. */
    public enum GroupBy {
        TEAM, PROJECT, COST_CENTRE, RESOURCE;

        /** Parses the CLI and URL spelling: team, project, cost-centre, resource. */
        public static GroupBy parse(String text) {
            for (GroupBy g : values()) {
                if (g.spelling().equalsIgnoreCase(text.trim()) || g.name().equalsIgnoreCase(text.trim())) {
                    return g;
                }
            }
            throw new IllegalArgumentException("unknown group-by '" + text + "': use team, project, cost-centre or resource");
        }

        public String spelling() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    /** The length of each row's charge period. */
    public enum Granularity {
        HOUR, DAY, MONTH;

        public static Granularity parse(String text) {
            for (Granularity g : values()) {
                if (g.name().equalsIgnoreCase(text.trim())) {
                    return g;
                }
            }
            throw new IllegalArgumentException("unknown granularity '" + text + "': use hour, day or month");
        }
    }
}
