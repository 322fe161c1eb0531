package dev.fathom.dashboard.security;

import java.util.Collection;
import java.util.Optional;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;

/** A configured login: Spring's user plus the team whose cost it is limited to, if any. */
public class FathomUser extends User {

    private final String team;

    public FathomUser(String username, String passwordHash, Collection<? extends GrantedAuthority> authorities, String team) {
        super(username, passwordHash, authorities);
        this.team = team == null || team.isBlank() ? null : team;
    }

    /** The team this user is bound to; empty for a user who may see every team (given the role). */
    public Optional<String> team() {
        return Optional.ofNullable(team);
    }
}
