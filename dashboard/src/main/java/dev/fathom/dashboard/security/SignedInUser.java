package dev.fathom.dashboard.security;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is looking at the page, as the views need it: name, roles and the team the user is bound to.
 * Read from Spring Security's context of the current request.
 */
public record SignedInUser(String name, Set<Role> roles, Optional<String> team) {

    public SignedInUser {
        roles = roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles);
    }

    public static SignedInUser current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated()) {
            return new SignedInUser("anonymous", Set.of(), Optional.empty());
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            String name = authority.getAuthority();
            if (name != null && name.startsWith("ROLE_")) {
                try {
                    roles.add(Role.valueOf(name.substring(5)));
                } catch (IllegalArgumentException e) {
                    // ROLE_ANONYMOUS and other roles Fathom does not use
                }
            }
        }
        Optional<String> team = authentication.getPrincipal() instanceof FathomUser user ? user.team() : Optional.empty();
        return new SignedInUser(authentication.getName(), roles, team);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** Silences and acknowledgements. */
    public boolean canSilence() {
        return has(Role.SRE) || has(Role.ADMIN);
    }

    /** Cost CSV downloads (of the user's own team when bound to one). */
    public boolean canExport() {
        return has(Role.FINANCE) || has(Role.ADMIN);
    }

    /**
     * Which team's cost this user may see: a team-bound user only their team; FINANCE and ADMIN
     * without a team every team (empty); anyone else none, as {@link CostScope#NONE}.
     */
    public CostScope costScope() {
        if (team.isPresent()) {
            return CostScope.team(team.get());
        }
        return has(Role.FINANCE) || has(Role.ADMIN) ? CostScope.ALL : CostScope.NONE;
    }
}
