package dev.fathom.dashboard.security;

import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Gives every HTTP session {@code server.servlet.session.timeout} to the second: Spring Boot
 * hands Tomcat whole minutes. A session idle that long ends and the next request goes back to
 * the login page; with {@code vaadin.closeIdleSessions=true} Vaadin's heartbeat from an open but
 * unused tab does not count as use.
 */
@Component
public class SessionTimeout implements HttpSessionListener {

    private final Duration timeout;

    public SessionTimeout(@Value("${server.servlet.session.timeout:30m}") Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("server.servlet.session.timeout must be positive, was " + timeout);
        }
        this.timeout = timeout;
    }

    @Override
    public void sessionCreated(HttpSessionEvent event) {
        event.getSession().setMaxInactiveInterval((int) Math.min(Integer.MAX_VALUE, timeout.toSeconds()));
    }
}
