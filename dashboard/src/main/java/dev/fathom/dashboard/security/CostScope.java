package dev.fathom.dashboard.security;

import java.util.Optional;

/**
 * The cost rows a user may read: every team, one team, or none.
 *
 * @param allowed false when the user may read no cost at all
 * @param team when present, only this team's rows
 */
public record CostScope(boolean allowed, Optional<String> team) {

    public static final CostScope ALL = new CostScope(true, Optional.empty());
    public static final CostScope NONE = new CostScope(false, Optional.empty());

    public static CostScope team(String team) {
        return new CostScope(true, Optional.of(team));
    }

    /** Whether a request for {@code requestedTeam} (empty: all teams) fits this scope. */
    public boolean permits(Optional<String> requestedTeam) {
        if (!allowed) {
            return false;
        }
        return team.isEmpty() || team.equals(requestedTeam);
    }
}
