package dev.fathom.alerts.match;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Parses Alertmanager's matcher strings and tests label sets against a list of matchers (all must match). */
public final class Matchers {

    // name, operator, then a double-quoted value (with \" and \\ escapes) or a bare value.
    private static final Pattern MATCHER = Pattern.compile(
            "\\s*([A-Za-z_][A-Za-z0-9_.]*)\\s*(=~|!~|!=|=)\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|[^\"]*?)\\s*");

    private Matchers() {}

    /** Parses one matcher such as {@code severity="critical"} or {@code alertname=~"Gpu.*"}. */
    public static Matcher parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a matcher must be a string like name=\"value\"");
        }
        java.util.regex.Matcher m = MATCHER.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a matcher: write name=\"value\", name!=\"value\", name=~\"regex\" or name!~\"regex\"");
        }
        Matcher.Type type = switch (m.group(2)) {
            case "=" -> Matcher.Type.EQUAL;
            case "!=" -> Matcher.Type.NOT_EQUAL;
            case "=~" -> Matcher.Type.REGEX;
            default -> Matcher.Type.NOT_REGEX;
        };
        return new Matcher(m.group(1), type, unquote(m.group(3)));
    }

    /** Parses a list of matcher strings. */
    public static List<Matcher> parseAll(List<String> texts) {
        List<Matcher> out = new ArrayList<>();
        if (texts != null) {
            for (String t : texts) {
                out.add(parse(t));
            }
        }
        return List.copyOf(out);
    }

    public static boolean matchAll(List<Matcher> matchers, Map<String, String> labels) {
        for (Matcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    private static String unquote(String raw) {
        if (raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")) {
            StringBuilder out = new StringBuilder();
            for (int i = 1; i < raw.length() - 1; i++) {
                char c = raw.charAt(i);
                if (c == '\\' && i + 1 < raw.length() - 1) {
                    char next = raw.charAt(++i);
                    out.append(next == 'n' ? '\n' : next);
                } else {
                    out.append(c);
                }
            }
            return out.toString();
        }
        return raw;
    }
}
