package dev.fathom.storage.schema.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small pieces of reading the schema files' SQL text: parentheses, top-level commas, clauses. */
final class SqlText {

    private static final List<String> CLAUSES = List.of("PARTITION BY", "PRIMARY KEY", "ORDER BY", "SAMPLE BY", "TTL", "SETTINGS");

    private SqlText() {}

    /** The index of the parenthesis closing the one at {@code open}, skipping quoted text. */
    static int closingParenthesis(String text, int open) {
        int depth = 0;
        char quote = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '`' || c == '"') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced parentheses in: " + text);
    }

    /** {@code text} split at {@code separator}s outside parentheses and quotes. */
    static List<String> splitTopLevel(String text, char separator) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '`' || c == '"') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == separator && depth == 0) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    /** The text of one clause ({@code ORDER BY} ...) up to the next clause; "" when absent. */
    static String clause(String clauses, String name) {
        Matcher m = Pattern.compile("\\b" + name.replace(" ", "\\s+") + "\\b", Pattern.CASE_INSENSITIVE).matcher(clauses);
        if (!m.find()) {
            return "";
        }
        int end = clauses.length();
        String upper = clauses.toUpperCase(Locale.ROOT);
        for (String other : CLAUSES) {
            Matcher o = Pattern.compile("\\b" + other.replace(" ", "\\s+") + "\\b").matcher(upper);
            if (o.find(m.end()) && o.start() < end) {
                end = o.start();
            }
        }
        return clauses.substring(m.end(), end).trim();
    }

    /** The statement with its comment lines and trailing comments removed and runs of blank lines squeezed. */
    static String withoutComments(String statement) {
        StringBuilder out = new StringBuilder();
        for (String line : statement.split("\n")) {
            int comment = commentStart(line);
            String kept = (comment >= 0 ? line.substring(0, comment) : line).stripTrailing();
            if (!kept.isBlank()) {
                out.append(kept).append('\n');
            }
        }
        return out.toString().trim();
    }

    private static int commentStart(String line) {
        char quote = 0;
        for (int i = 0; i < line.length() - 1; i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '`' || c == '"') {
                quote = c;
            } else if (c == '-' && line.charAt(i + 1) == '-') {
                return i;
            }
        }
        return -1;
    }
}
