package dev.fathom.collectors.config;

/** A config file that cannot be used; the message names the file, line and reason. */
public final class ConfigException extends Exception {
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
