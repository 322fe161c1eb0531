package dev.fathom.dashboard.security;

import com.vaadin.flow.spring.security.VaadinWebSecurity;
import dev.fathom.dashboard.config.DashboardProperties;
import dev.fathom.storage.clickhouse.ClickHouseAccess;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.clickhouse.SecretSource;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Form login through Vaadin's {@link VaadinWebSecurity}: every route and request needs a signed-in
 * user except the login view and Vaadin's own static resources; CSRF protection is Spring's for the
 * login form and Vaadin's own token for everything after it. Views say who may open them with
 * {@code @PermitAll} / {@code @RolesAllowed}.
 */
@Configuration
@EnableWebSecurity
public class SecurityConfiguration extends VaadinWebSecurity {

    @Override
    protected void configure(HttpSecurity http) throws Exception {
        super.configure(http);
        setLoginView(http, LoginView.class);
    }

    /**
     * Audit rows are the dashboard's only writes: they go as the {@code AUDIT} role's ClickHouse
     * user when one is set ({@code FATHOM_CLICKHOUSE_AUDIT_USER}), so the views' user can stay
     * read-only (docs/security.md).
     */
    @Bean
    AuditLog auditLog(ClickHouseHttp clickhouse, Clock clock) {
        return new AuditLog(clickhouse.as(ClickHouseAccess.forRole("AUDIT", SecretSource.environment())), clock);
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    @Bean
    ConfiguredUsers configuredUsers(DashboardProperties properties, PasswordEncoder encoder) {
        if (properties.users().isEmpty()) {
            return new ConfiguredUsers(List.of(FirstRunAdmin.user(Path.of(properties.dataDir()), encoder)));
        }
        return new ConfiguredUsers(properties.users());
    }
}
