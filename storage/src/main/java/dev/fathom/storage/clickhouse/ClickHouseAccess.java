package dev.fathom.storage.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.nio.charset.StandardCharsets;

/**
 * Who a client is to ClickHouse and which certificates it trusts for {@code https://} URLs, read
 * by every Fathom client (stream jobs, alerts, dashboard, storage and CLI commands) from the
 * environment, never from URLs or config files:
 * <ul>
 *   <li>{@code FATHOM_CLICKHOUSE_USER}: the user (default: the server's {@code default} user);</li>
 *   <li>{@code FATHOM_CLICKHOUSE_PASSWORD} or {@code FATHOM_CLICKHOUSE_PASSWORD_FILE};</li>
 *   <li>{@code FATHOM_CLICKHOUSE_TRUSTSTORE}: a PKCS12 or JKS file of the CA certificates to trust
 *       (default: the JVM's), with {@code FATHOM_CLICKHOUSE_TRUSTSTORE_PASSWORD(_FILE)} and
 *       {@code FATHOM_CLICKHOUSE_TRUSTSTORE_TYPE} (default PKCS12).</li>
 * </ul>
 * The password travels as HTTP Basic authentication, which ClickHouse 18.16 and current servers
 * both accept; never as the {@code password} URL parameter, because URLs get logged.
 */
public record ClickHouseAccess(Optional<String> user, Optional<Secret> password, Optional<Path> truststore,
        Optional<Secret> truststorePassword, String truststoreType) {

    public static final String USER = "FATHOM_CLICKHOUSE_USER";
    public static final String PASSWORD = "FATHOM_CLICKHOUSE_PASSWORD";
    public static final String TRUSTSTORE = "FATHOM_CLICKHOUSE_TRUSTSTORE";
    public static final String TRUSTSTORE_PASSWORD = "FATHOM_CLICKHOUSE_TRUSTSTORE_PASSWORD";
    public static final String TRUSTSTORE_TYPE = "FATHOM_CLICKHOUSE_TRUSTSTORE_TYPE";

    /** The server's default user, no password, the JVM's trusted certificates. */
    public static final ClickHouseAccess ANONYMOUS = new ClickHouseAccess(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), "PKCS12");

    public ClickHouseAccess {
        if (password.isPresent() && user.isEmpty()) {
            throw new IllegalArgumentException(PASSWORD + " is set but " + USER + " is not: name the user the password is for");
        }
    }

    /** A user and password, the JVM's trusted certificates. */
    public static ClickHouseAccess user(String user, String password) {
        return new ClickHouseAccess(Optional.of(user), Optional.of(new Secret(password)), Optional.empty(), Optional.empty(), "PKCS12");
    }

    /** This access, trusting the certificates in {@code truststore} for https:// URLs. */
    public ClickHouseAccess trusting(Path truststore, String type, String password) {
        return new ClickHouseAccess(user, this.password, Optional.of(truststore), Optional.ofNullable(password).map(Secret::new), type);
    }

    /** From this process's environment (see the class comment). */
    public static ClickHouseAccess fromEnvironment() {
        return from(SecretSource.environment());
    }

    /**
     * The access of a second identity in the same process, from {@code FATHOM_CLICKHOUSE_<role>_USER}
     * and {@code FATHOM_CLICKHOUSE_<role>_PASSWORD(_FILE)}, trusting the same certificates; when
     * that user is not set, the process's one access. The dashboard reads through its read-only
     * user and writes its audit rows as role {@code AUDIT}.
     */
    public static ClickHouseAccess forRole(String role, SecretSource env) {
        ClickHouseAccess main = from(env);
        String prefix = "FATHOM_CLICKHOUSE_" + role + "_";
        Optional<String> roleUser = env.plain(prefix + "USER");
        Optional<Secret> rolePassword = env.secret(prefix + "PASSWORD");
        if (roleUser.isEmpty()) {
            if (rolePassword.isPresent()) {
                throw new IllegalArgumentException(prefix + "PASSWORD is set but " + prefix + "USER is not");
            }
            return main;
        }
        return new ClickHouseAccess(roleUser, rolePassword, main.truststore, main.truststorePassword, main.truststoreType);
    }

    public static ClickHouseAccess from(SecretSource env) {
        return new ClickHouseAccess(env.plain(USER), env.secret(PASSWORD), env.plain(TRUSTSTORE).map(Path::of),
                env.secret(TRUSTSTORE_PASSWORD), env.plain(TRUSTSTORE_TYPE).orElse("PKCS12"));
    }

    /** The Authorization header's value, when a user is set. */
    Optional<String> authorization() {
        return user.map(u -> "Basic " + Base64.getEncoder().encodeToString(
                (u + ":" + password.map(Secret::reveal).orElse("")).getBytes(StandardCharsets.UTF_8)));
    }

    /** The TLS context for https:// URLs: the truststore's certificates, or the JVM's. */
    SSLContext sslContext() {
        try {
            if (truststore.isEmpty()) {
                return SSLContext.getDefault();
            }
            KeyStore store = KeyStore.getInstance(truststoreType);
            try (InputStream in = Files.newInputStream(truststore.get())) {
                store.load(in, truststorePassword.map(s -> s.reveal().toCharArray()).orElse(null));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(TRUSTSTORE + ": cannot load " + truststoreType + " truststore " + truststore.orElse(null)
                    + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
    }

    @Override
    public String toString() {
        return "ClickHouseAccess[user=" + user.orElse("default") + ", password=" + (password.isPresent() ? Secret.MASK : "none")
                + ", truststore=" + truststore.map(Path::toString).orElse("JVM default") + "]";
    }
}
