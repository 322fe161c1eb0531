package dev.fathom.collectors.receiver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the receivers' secrets come from: the bearer token from a file or the environment
 * ({@code FATHOM_OTLP_TOKEN} / {@code FATHOM_OTLP_TOKEN_FILE}), the TLS key store password from
 * {@code FATHOM_OTLP_TLS_KEYSTORE_PASSWORD(_FILE)}; never from the command line or a config file.
 * Shared by {@code ./fathom otlp-receiver} and the collector's {@code receivers.otlp} config.
 */
public final class ReceiverSecurity {

    public static final String TOKEN_ENV = "FATHOM_OTLP_TOKEN";
    public static final String TLS_PASSWORD_ENV = "FATHOM_OTLP_TLS_KEYSTORE_PASSWORD";

    private ReceiverSecurity() {}

    /** The token from {@code tokenFile} when given, else the environment; null: no auth. */
    public static String token(Path tokenFile, Map<String, String> env) {
        try {
            if (tokenFile != null) {
                String token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
                if (token.isEmpty()) {
                    throw new IllegalArgumentException("token file " + tokenFile + " is empty");
                }
                return token;
            }
            return EnvironmentSecrets.read(env, TOKEN_ENV);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bearer token file: " + e.getMessage(), e);
        }
    }

    /** TLS from a PKCS12 key store, or a PEM certificate and key; null when none is given. */
    public static ReceiverTls tls(Path keystore, Path cert, Path key, Map<String, String> env) {
        if (keystore != null && (cert != null || key != null)) {
            throw new IllegalArgumentException("give either a TLS key store or a PEM certificate with its key, not both");
        }
        if (keystore != null) {
            try {
                return ReceiverTls.pkcs12(keystore, EnvironmentSecrets.read(env, TLS_PASSWORD_ENV));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + TLS_PASSWORD_ENV + "_FILE: " + e.getMessage(), e);
            }
        }
        if (cert != null || key != null) {
            if (cert == null || key == null) {
                throw new IllegalArgumentException("a TLS certificate and its key go together: give both");
            }
            return ReceiverTls.pem(cert, key);
        }
        return null;
    }
}
