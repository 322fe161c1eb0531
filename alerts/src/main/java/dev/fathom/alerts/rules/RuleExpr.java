package dev.fathom.alerts.rules;

import dev.fathom.alerts.config.Durations;
import dev.fathom.alerts.match.Matcher;
import dev.fathom.alerts.match.Matchers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A threshold rule's expression, a small PromQL-like language over Fathom's ClickHouse tables:
 *
 * <pre>
 * expr     := [function "("] metric [matchers] ["[" duration "]"] [")"] comparator number
 *           | "absent(" metric [matchers] "[" duration "]" ")"
 * function := last | avg_over_time | max_over_time | min_over_time | increase
 * matchers := "{" name op "value" ("," name op "value")* "}"     op: = != =~ !~
 * </pre>
 *
 * Examples: {@code gpu.temperature > 85}, {@code max_over_time(gpu.temperature{host=~"gpu-.*"}[5m]) > 85},
 * {@code increase(gpu.xid.errors[10m]) > 0}, {@code absent(gpu.utilization[5m])},
 * {@code fathom_team_monthly_cost{team="ml-research"} > 5000}, {@code fathom_feature_drifted == 1}.
 */
public record RuleExpr(String function, String metric, List<Matcher> matchers, Duration range, String comparator, double threshold) {

    /** A plain metric without a function or range takes its latest value within this window. */
    public static final Duration DEFAULT_RANGE = Duration.ofMinutes(5);
    static final List<String> FUNCTIONS = List.of("last", "avg_over_time", "max_over_time", "min_over_time", "increase", "absent");

    private static final Pattern SHAPE = Pattern.compile(
            "\\s*(?:([a-z_]+)\\s*\\(\\s*)?([A-Za-z_][A-Za-z0-9_.:]*)\\s*(\\{.*?})?\\s*(?:\\[\\s*([0-9a-z]+)\\s*])?\\s*(\\))?\\s*"
                    + "(?:(>=|<=|==|!=|>|<)\\s*([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?))?\\s*");
    private static final Pattern MATCHER_ITEM = Pattern.compile(
            "\\s*([A-Za-z_][A-Za-z0-9_.]*\\s*(?:=~|!~|!=|=)\\s*\"(?:[^\"\\\\]|\\\\.)*\")\\s*(,|$)");

    public static RuleExpr parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("expr is empty");
        }
        java.util.regex.Matcher m = SHAPE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("expr '" + text + "' is not understood: write e.g. gpu.temperature > 85, "
                    + "max_over_time(gpu.temperature{host=\"a\"}[5m]) > 85 or absent(gpu.utilization[5m])");
        }
        String function = m.group(1) == null ? "last" : m.group(1).toLowerCase(Locale.ROOT);
        if (!FUNCTIONS.contains(function)) {
            throw new IllegalArgumentException("expr '" + text + "': unknown function '" + function + "' (known: " + String.join(", ", FUNCTIONS) + ")");
        }
        if ((m.group(1) == null) != (m.group(5) == null)) {
            throw new IllegalArgumentException("expr '" + text + "': unbalanced parentheses");
        }
        Duration range = m.group(4) == null ? null : Durations.parse(m.group(4));
        boolean absent = function.equals("absent");
        if (absent && m.group(6) != null) {
            throw new IllegalArgumentException("expr '" + text + "': absent(...) takes no comparison");
        }
        if (!absent && m.group(6) == null) {
            throw new IllegalArgumentException("expr '" + text + "': needs a comparison such as '> 85'");
        }
        if ((absent || !function.equals("last")) && range == null) {
            throw new IllegalArgumentException("expr '" + text + "': " + function + "(...) needs a range such as [5m]");
        }
        return new RuleExpr(function, m.group(2), matchers(m.group(3), text), range == null ? DEFAULT_RANGE : range,
                absent ? "" : m.group(6), absent ? 0 : Double.parseDouble(m.group(7)));
    }

    private static List<Matcher> matchers(String braces, String text) {
        List<Matcher> out = new ArrayList<>();
        if (braces == null) {
            return out;
        }
        String inner = braces.substring(1, braces.length() - 1).trim();
        java.util.regex.Matcher item = MATCHER_ITEM.matcher(inner);
        int at = 0;
        while (at < inner.length()) {
            if (!item.find(at) || item.start() != at) {
                throw new IllegalArgumentException("expr '" + text + "': label matchers must look like {name=\"value\", other=~\"re.*\"}");
            }
            out.add(Matchers.parse(item.group(1)));
            at = item.end();
        }
        return out;
    }

    public boolean isAbsent() {
        return function.equals("absent");
    }

    /** Whether a value meets the comparison. */
    public boolean holds(double value) {
        return switch (comparator) {
            case ">" -> value > threshold;
            case ">=" -> value >= threshold;
            case "<" -> value < threshold;
            case "<=" -> value <= threshold;
            case "==" -> value == threshold;
            case "!=" -> value != threshold;
            default -> true; // absent: every series found holds
        };
    }
}
