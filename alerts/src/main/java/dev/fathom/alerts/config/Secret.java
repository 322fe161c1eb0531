package dev.fathom.alerts.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A webhook URL, routing key or token. Its {@link #toString()} never shows the value, so a secret
 * that ends up in a log line, an exception message or a history row shows as {@code <secret>}.
 */
public final class Secret {

    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /** Expands every {@code ${NAME}} from {@code env}; a missing variable is an error naming it. */
    public static Secret expand(String text, Map<String, String> env) {
        Matcher m = ENV_REF.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String v = env.get(name);
            if (v == null) {
                throw new IllegalArgumentException("environment variable " + name + " is not set");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return new Secret(out.toString());
    }

    /** Reads a secret from a file (the {@code *_file} form), trimming a trailing newline. */
    public static Secret fromFile(Path file) {
        try {
            return new Secret(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read secret file " + file + ": " + e.getClass().getSimpleName());
        }
    }

    /** Picks the inline value or the file, exactly one of them; {@code what} names the field in errors. */
    public static Secret either(Secret inline, String file, Path baseDir, String what, boolean required) {
        if (inline != null && file != null) {
            throw new IllegalArgumentException("set either " + what + " or " + what + "_file, not both");
        }
        if (file != null) {
            return fromFile(baseDir.resolve(file));
        }
        if (inline == null && required) {
            throw new IllegalArgumentException(what + " (or " + what + "_file) is required");
        }
        return inline;
    }

    public String value() {
        return value;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    @Override
    public String toString() {
        return "<secret>";
    }
}
