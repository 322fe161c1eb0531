package dev.fathom.dashboard.security;

import dev.fathom.storage.clickhouse.ClickHouseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/** Every login attempt, ok or refused, goes to the audit log. A failed write never blocks a login. */
@Component
class LoginAudit {

    private static final Logger log = LoggerFactory.getLogger(LoginAudit.class);

    private final AuditLog audit;

    LoginAudit(AuditLog audit) {
        this.audit = audit;
    }

    @EventListener
    void succeeded(AuthenticationSuccessEvent event) {
        write(event.getAuthentication(), "ok", "");
    }

    @EventListener
    void failed(AbstractAuthenticationFailureEvent event) {
        write(event.getAuthentication(), "denied", event.getException().getClass().getSimpleName());
    }

    private void write(Authentication authentication, String outcome, String detail) {
        String client = authentication.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : "";
        try {
            audit.record(authentication.getName(), AuditLog.LOGIN, "dashboard", detail, outcome, client);
        } catch (ClickHouseException e) {
            log.warn("could not write the login of '{}' to the audit log: {}", authentication.getName(), e.getMessage());
        }
    }
}
