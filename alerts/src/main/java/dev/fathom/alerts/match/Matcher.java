package dev.fathom.alerts.match;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One label matcher as Alertmanager spells it: {@code name="value"}, {@code name!="value"},
 * {@code name=~"regex"} or {@code name!~"regex"}. Regexes are anchored at both ends, as in
 * Alertmanager; a missing label matches as the empty string.
 */
public final class Matcher {

    /** The four operators. */
    public enum Type {
        EQUAL("="), NOT_EQUAL("!="), REGEX("=~"), NOT_REGEX("!~");

        private final String symbol;

        Type(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    private final String name;
    private final Type type;
    private final String value;
    private final Pattern pattern;

    public Matcher(String name, Type type, String value) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a matcher needs a label name");
        }
        this.name = name;
        this.type = Objects.requireNonNull(type, "type");
        this.value = value == null ? "" : value;
        if (type == Type.REGEX || type == Type.NOT_REGEX) {
            try {
                this.pattern = Pattern.compile("^(?:" + this.value + ")$");
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("matcher " + name + type.symbol + " has an invalid regex: " + e.getDescription());
            }
        } else {
            this.pattern = null;
        }
    }

    public static Matcher equal(String name, String value) {
        return new Matcher(name, Type.EQUAL, value);
    }

    public boolean matches(Map<String, String> labels) {
        String actual = labels.getOrDefault(name, "");
        return switch (type) {
            case EQUAL -> actual.equals(value);
            case NOT_EQUAL -> !actual.equals(value);
            case REGEX -> pattern.matcher(actual).matches();
            case NOT_REGEX -> !pattern.matcher(actual).matches();
        };
    }

    public String name() {
        return name;
    }

    public Type type() {
        return type;
    }

    public String value() {
        return value;
    }

    public boolean isRegex() {
        return type == Type.REGEX || type == Type.NOT_REGEX;
    }

    public boolean isEqual() {
        return type == Type.EQUAL || type == Type.REGEX;
    }

    @Override
    public String toString() {
        return name + type.symbol + '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matcher m && m.name.equals(name) && m.type == type && m.value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, value);
    }
}
