package dev.fathom.alerts.security;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;

/**
 * Everything logged while it is open, messages and stack traces, to search for secrets. Also
 * turns on the Kafka clients' INFO config dump, where a password would show if it were not masked.
 */
public final class CapturedLog implements AutoCloseable {

    private static final String CONFIG_LOGGER = "org.apache.kafka.common.config";
    private final StringBuilder text = new StringBuilder();
    private final AbstractAppender appender;

    public CapturedLog() {
        appender = new AbstractAppender("captured-for-secrets", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                StringBuilder line = new StringBuilder().append(event.getLevel()).append(' ').append(event.getLoggerName())
                        .append(" - ").append(event.getMessage().getFormattedMessage()).append('\n');
                if (event.getThrown() != null) {
                    StringWriter trace = new StringWriter();
                    event.getThrown().printStackTrace(new PrintWriter(trace));
                    line.append(trace);
                }
                synchronized (text) {
                    text.append(line);
                }
            }
        };
        appender.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().addAppender(appender, Level.ALL, null);
        context.updateLoggers();
        Configurator.setLevel(CONFIG_LOGGER, Level.INFO);
    }

    public String text() {
        synchronized (text) {
            return text.toString();
        }
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(appender.getName());
        Configurator.setLevel(CONFIG_LOGGER, Level.ERROR);
        context.updateLoggers();
        appender.stop();
    }
}
