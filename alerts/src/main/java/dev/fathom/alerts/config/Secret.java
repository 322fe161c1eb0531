package dev.fathom.alerts.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A webhook URL, routing key, token or password. Its {@link #toString()} never shows the value, so
 * a secret that ends up in a log line, an exception message or a history row shows as
 * {@code <secret>}. Secrets come from the environment ({@code ${NAME}} in the config) or from a
 * file ({@code *_file}); a literal one written into the config file is refused, because config
 * files end up in version control and support bundles (docs/security.md). Plain URL fields must
 * not carry credentials either ({@link #requireNoCredentials}).
 */
public final class Secret {

    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

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
        if (inline != null && inline.literal) {
            // The message must not repeat the value.
            throw new IllegalArgumentException(what + " is written into the config file: secrets are not accepted there; write ${ENV_NAME}"
                    + " to read it from the environment, or put it in a file and set " + what + "_file");
        }
        if (inline == null && required) {
            throw new IllegalArgumentException(what + " (or " + what + "_file) is required");
        }
        if (inline != null && inline.isEmpty() && required) {
            throw new IllegalArgumentException(what + " is empty (its environment variable is set to nothing)");
        }
        return inline;
    }

    /**
     * Checks a URL field that is not a secret (it is logged and shown): it must be an absolute
     * http(s) URL without a user or password in it. The message never repeats the URL, which
     * may hold exactly what it must not.
     */
    public static String requireNoCredentials(String url, String what, String instead) {
        if (url == null) {
            return null;
        }
        java.net.URI uri;
        try {
            uri = new java.net.URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(what + " is not a valid URL (" + e.getReason() + ")");
        }
        if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) || uri.getRawAuthority() == null) {
            throw new IllegalArgumentException(what + " must be an absolute http:// or https:// URL");
        }
        if (uri.getRawUserInfo() != null || uri.getRawAuthority().contains("@")) {
            throw new IllegalArgumentException(what + " carries a user or password (user:password@host): URLs are logged, so"
                    + " credentials are not accepted in them; " + instead);
        }
        return url;
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
