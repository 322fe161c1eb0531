package dev.fathom.alerts.config;

/** A configuration or rule file that cannot be used; the message names the file, line and problem. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
