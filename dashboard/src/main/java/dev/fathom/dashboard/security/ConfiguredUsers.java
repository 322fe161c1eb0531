package dev.fathom.dashboard.security;

import dev.fathom.dashboard.config.DashboardProperties;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * The logins from {@code fathom.users[...]}, checked once at start: a missing name, a password that
 * is not a bcrypt hash, an unknown role or a repeated name stops the dashboard with a message that
 * names the entry.
 */
public final class ConfiguredUsers implements UserDetailsService {

    private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]?\\$\\d\\d\\$[./A-Za-z0-9]{53}");

    private final Map<String, DashboardProperties.User> users = new LinkedHashMap<>();

    public ConfiguredUsers(List<DashboardProperties.User> configured) {
        for (int i = 0; i < configured.size(); i++) {
            DashboardProperties.User user = configured.get(i);
            String where = "fathom.users[" + i + "]";
            if (user.username() == null || user.username().isBlank()) {
                throw new IllegalArgumentException(where + ".username is missing");
            }
            if (user.password() == null || !BCRYPT.matcher(user.password()).matches()) {
                throw new IllegalArgumentException(where + ".password (user '" + user.username()
                        + "') must be a bcrypt hash such as $2a$10$..., not a plain password");
            }
            for (String role : user.roles()) {
                try {
                    Role.parse(role);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + ".roles: " + e.getMessage());
                }
            }
            if (users.put(user.username(), user) != null) {
                throw new IllegalArgumentException(where + ".username '" + user.username() + "' is configured twice");
            }
        }
    }

    public boolean isEmpty() {
        return users.isEmpty();
    }

    /** A fresh object per call: Spring erases the credentials of the one it authenticated. */
    @Override
    public UserDetails loadUserByUsername(String username) {
        DashboardProperties.User user = users.get(username);
        if (user == null) {
            throw new UsernameNotFoundException("no such user");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (user.roles().isEmpty()) {
            roles.add(Role.VIEWER);
        }
        user.roles().forEach(role -> roles.addAll(Role.parse(role).granted()));
        return new FathomUser(user.username(), user.password(),
                roles.stream().map(role -> new SimpleGrantedAuthority("ROLE_" + role.name())).toList(), user.team());
    }
}
