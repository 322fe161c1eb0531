package dev.fathom.dashboard.alert;

import java.time.Instant;
import java.util.List;

/**
 * A silence as Alertmanager's API v2 describes it.
 *
 * @param id empty for a silence not yet created
 * @param state active, pending or expired (empty for a new one)
 */
public record Silence(String id, List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy, String comment, String state) {

    public Silence {
        matchers = List.copyOf(matchers);
    }

    /** {@code name=value} (or {@code name=~regex}, {@code name!=value}, {@code name!~regex}). */
    public record Matcher(String name, String value, boolean isRegex, boolean isEqual) {

        /** Parses "alertname=GpuHot", "host=~node-.*", "severity!=info". */
        public static Matcher parse(String text) {
            String[] operators = {"!~", "=~", "!=", "="};
            for (String op : operators) {
                int at = text.indexOf(op);
                if (at > 0) {
                    String name = text.substring(0, at).trim();
                    String value = text.substring(at + op.length()).trim();
                    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                        throw new IllegalArgumentException("'" + name + "' is not a label name (letters, digits, _)");
                    }
                    return new Matcher(name, unquote(value), op.contains("~"), !op.startsWith("!"));
                }
            }
            throw new IllegalArgumentException("'" + text + "' is not a matcher like alertname=GpuHot or host=~node-.*");
        }

        private static String unquote(String value) {
            return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
        }

        @Override
        public String toString() {
            String op = isEqual ? (isRegex ? "=~" : "=") : (isRegex ? "!~" : "!=");
            return name + op + value;
        }
    }

    /** Parses matchers separated by commas: "alertname=GpuHot, host=node-1". */
    public static List<Matcher> parseMatchers(String text) {
        List<Matcher> matchers = java.util.Arrays.stream(text.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(Matcher::parse).toList();
        if (matchers.isEmpty()) {
            throw new IllegalArgumentException("a silence needs at least one matcher, e.g. alertname=GpuHot");
        }
        return matchers;
    }
}
