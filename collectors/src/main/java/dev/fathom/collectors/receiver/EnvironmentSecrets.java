package dev.fathom.collectors.receiver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads a secret from the environment only: {@code NAME} holds it, or {@code NAME_FILE} names a
 * file holding it (how Kubernetes and systemd pass secrets). Errors name the variable and file,
 * never the value. (The same rule as storage's SecretSource; the collector does not depend on
 * storage.)
 */
public final class EnvironmentSecrets {

    private EnvironmentSecrets() {}

    /** The secret, or null when neither variable is set. */
    public static String read(Map<String, String> env, String name) throws IOException {
        String direct = env.get(name);
        String file = env.get(name + "_FILE");
        boolean hasDirect = direct != null && !direct.isBlank();
        boolean hasFile = file != null && !file.isBlank();
        if (hasDirect && hasFile) {
            throw new IllegalArgumentException("both " + name + " and " + name + "_FILE are set: set only one");
        }
        if (hasDirect) {
            return direct.strip();
        }
        if (!hasFile) {
            return null;
        }
        String value = Files.readString(Path.of(file.strip()), StandardCharsets.UTF_8).strip();
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + "_FILE: " + file.strip() + " is empty");
        }
        return value;
    }
}
