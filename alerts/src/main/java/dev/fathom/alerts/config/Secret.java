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
 * Secrets come from the environment ({@code ${NAME}} in the config) or from a file ({@code *_file});
 * a literal Slack URL, routing key or token written into the config file is refused, because
 * config files end up in version control and support bundles (docs/security.md).
 */
public final class Secret {

    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    /**
     * Fields whose value may be written into the config: a generic webhook's URL usually names an
     * internal service (still masked everywhere); one that carries a token goes in ${NAME} or url_file.
     */
    private static final java.util.Set<String> LITERAL_ALLOWED = java.util.Set.of("url");

    private final String value;
    private final boolean literal;

    private Secret(String value) {
        this(value, false);
    }

    private Secret(String value, boolean literal) {
        this.value = value;
        this.literal = literal;
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /** Expands every {@code ${NAME}} from {@code env}; a missing variable is an error naming it. */
    public static Secret expand(String text, Map<String, String> env) {
        Matcher m = ENV_REF.matcher(text);
        StringBuilder out = new StringBuilder();
        boolean fromEnvironment = false;
        while (m.find()) {
            fromEnvironment = true;
            String name = m.group(1);
            String v = env.get(name);
            if (v == null) {
                throw new IllegalArgumentException("environment variable " + name + " is not set");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return new Secret(out.toString(), !fromEnvironment && !text.isEmpty());
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
        if (inline != null && inline.literal && !LITERAL_ALLOWED.contains(what)) {
            // The message must not repeat the value.
            throw new IllegalArgumentException(what + " is written into the config file: secrets are not accepted there; write ${ENV_NAME}"
                    + " to read it from the environment, or put it in a file and set " + what + "_file");
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
