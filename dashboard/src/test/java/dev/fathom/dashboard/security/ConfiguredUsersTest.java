package dev.fathom.dashboard.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.dashboard.config.DashboardProperties;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

class ConfiguredUsersTest {

    static DashboardProperties.User user(String name, String password, List<String> roles, String team) {
        return new DashboardProperties.User(name, password, roles, team);
    }

    @Test
    void rolesGrantWhatTheyImplyAndTheTeamComesWithTheUser() {
        String hash = new BCryptPasswordEncoder().encode("s3cret");
        ConfiguredUsers users = new ConfiguredUsers(List.of(user("fin", hash, List.of("finance"), "ml"),
                user("boss", hash, List.of("ADMIN"), null), user("plain", hash, List.of(), "")));

        FathomUser fin = (FathomUser) users.loadUserByUsername("fin");
        assertThat(fin.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactlyInAnyOrder("ROLE_VIEWER", "ROLE_FINANCE");
        assertThat(fin.team()).contains("ml");
        assertThat(new BCryptPasswordEncoder().matches("s3cret", fin.getPassword())).isTrue();
        assertThat(users.loadUserByUsername("boss").getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_VIEWER", "ROLE_SRE", "ROLE_FINANCE", "ROLE_ADMIN");
        FathomUser plain = (FathomUser) users.loadUserByUsername("plain");
        assertThat(plain.getAuthorities()).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_VIEWER");
        assertThat(plain.team()).isEqualTo(Optional.empty());
    }

    @Test
    void eachLoginGetsAFreshUserSoErasedCredentialsDoNotLockTheNextOneOut() {
        ConfiguredUsers users = new ConfiguredUsers(List.of(user("a", SignedIn.HASH, List.of(), null)));
        FathomUser first = (FathomUser) users.loadUserByUsername("a");
        first.eraseCredentials();

        assertThat(users.loadUserByUsername("a").getPassword()).isEqualTo(SignedIn.HASH);
    }

    @Test
    void aPlainPasswordIsRefusedNamingTheEntry() {
        assertThatThrownBy(() -> new ConfiguredUsers(List.of(user("ok", SignedIn.HASH, List.of(), null), user("bob", "hunter2", List.of(), null))))
                .hasMessage("fathom.users[1].password (user 'bob') must be a bcrypt hash such as $2a$10$..., not a plain password");
    }

    @Test
    void anUnknownRoleAndARepeatedNameAreRefused() {
        assertThatThrownBy(() -> new ConfiguredUsers(List.of(user("bob", SignedIn.HASH, List.of("root"), null))))
                .hasMessage("fathom.users[0].roles: unknown role 'root': use VIEWER, SRE, FINANCE or ADMIN");
        assertThatThrownBy(() -> new ConfiguredUsers(List.of(user("bob", SignedIn.HASH, List.of(), null), user("bob", SignedIn.HASH, List.of(), null))))
                .hasMessage("fathom.users[1].username 'bob' is configured twice");
        assertThatThrownBy(() -> new ConfiguredUsers(List.of(user(" ", SignedIn.HASH, List.of(), null))))
                .hasMessage("fathom.users[0].username is missing");
    }

    @Test
    void anUnknownUserIsNotFound() {
        ConfiguredUsers users = new ConfiguredUsers(List.of(user("a", SignedIn.HASH, List.of(), null)));
        assertThatThrownBy(() -> users.loadUserByUsername("b")).isInstanceOf(UsernameNotFoundException.class);
    }

    @Test
    void costScopeFollowsRolesAndTeam() {
        assertThat(SignedIn.as("v", "ml", "VIEWER").costScope()).isEqualTo(CostScope.team("ml"));
        assertThat(SignedIn.as("f", null, "FINANCE").costScope()).isEqualTo(CostScope.ALL);
        assertThat(SignedIn.as("s", null, "SRE").costScope()).isEqualTo(CostScope.NONE);
        assertThat(CostScope.team("ml").permits(Optional.of("search"))).isFalse();
        assertThat(CostScope.team("ml").permits(Optional.empty())).isFalse();
        assertThat(CostScope.ALL.permits(Optional.of("search"))).isTrue();
        SignedIn.out();
    }
}
