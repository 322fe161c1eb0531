package dev.fathom.storage.clickhouse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads secrets (passwords, tokens, webhook URLs) from the environment only: variable {@code NAME}
 * holds the value itself, or {@code NAME_FILE} names a file holding it (Kubernetes and Docker
 * secrets are mounted as files). Never from command-line arguments or config files, which end up in
 * process listings, shell history and version control. Errors name the variable and the file,
 * never the value.
 */
public final class SecretSource {

    private final Map<String, String> environment;

    public SecretSource(Map<String, String> environment) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
    }

    /** This process's environment. */
    public static SecretSource environment() {
        return new SecretSource(System.getenv());
    }

    /** A plain (non-secret) setting, e.g. a user name or a file path. */
    public Optional<String> plain(String name) {
        return Optional.ofNullable(environment.get(name)).filter(v -> !v.isBlank());
    }

    /**
     * The secret from {@code name} or the file {@code name_FILE} names (a trailing newline is
     * dropped); empty when neither is set.
     *
     * @throws IllegalArgumentException when both are set, or the file cannot be read or is empty
     */
    public Optional<Secret> secret(String name) {
        String direct = environment.get(name);
        String file = environment.get(name + "_FILE");
        boolean hasDirect = direct != null && !direct.isEmpty();
        boolean hasFile = file != null && !file.isBlank();
        if (hasDirect && hasFile) {
            throw new IllegalArgumentException("both " + name + " and " + name + "_FILE are set: set only one");
        }
        if (hasDirect) {
            return Optional.of(new Secret(direct));
        }
        if (!hasFile) {
            return Optional.empty();
        }
        Path path = Path.of(file.trim());
        String value;
        try {
            value = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // the exception's own text is only the path and the kind of failure
            throw new IllegalArgumentException(name + "_FILE: cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
        }
        value = value.endsWith("\r\n") ? value.substring(0, value.length() - 2)
                : value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + "_FILE: " + path + " is empty");
        }
        return Optional.of(new Secret(value));
    }
}
