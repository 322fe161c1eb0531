package dev.fathom.alerts.testing;

import dev.fathom.alerts.config.AlertsConfig;
import dev.fathom.alerts.config.ConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes a YAML config into a folder and loads it as the service would. */
public final class TestConfigs {

    private TestConfigs() {}

    public static AlertsConfig load(Path dir, String yaml) {
        return load(dir, yaml, Map.of());
    }

    public static AlertsConfig load(Path dir, String yaml, Map<String, String> env) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("alerts.yaml");
            Files.writeString(file, yaml);
            return ConfigLoader.load(file, env);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fast retries so tests do not wait. */
    public static final String FAST_DELIVERY = """
            delivery:
              timeout: 2s
              initial_backoff: 20ms
              max_backoff: 100ms
              max_attempts: 4
              requeue_after: 200ms
            """;
}
