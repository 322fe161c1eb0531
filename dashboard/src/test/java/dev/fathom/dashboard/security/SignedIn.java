package dev.fathom.dashboard.security;

import dev.fathom.dashboard.config.DashboardProperties;
import java.util.List;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** Puts a configured user into Spring Security's context, as a login would, for browserless view tests. */
public final class SignedIn {

    /** A bcrypt hash of "password" (cost 4: these tests do not need a slow hash). */
    public static final String HASH = new BCryptPasswordEncoder(4).encode("password");

    private SignedIn() {}

    public static SignedInUser as(String name, String team, String... roles) {
        ConfiguredUsers users = new ConfiguredUsers(List.of(new DashboardProperties.User(name, HASH, List.of(roles), team)));
        UserDetails user = users.loadUserByUsername(name);
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
        return SignedInUser.current();
    }

    public static void out() {
        SecurityContextHolder.clearContext();
    }
}
