package dev.fathom.collectors.prometheus;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses the Prometheus text exposition format (version 0.0.4, as every exporter serves it):
 * {@code # HELP} and {@code # TYPE} lines with their escapes, samples with label sets whose values
 * may hold {@code \\}, {@code \"} and {@code \n}, values including {@code NaN}, {@code +Inf} and
 * {@code -Inf}, optional millisecond timestamps, and histogram and summary families whose
 * {@code _bucket}/{@code _sum}/{@code _count} series belong to the family named by TYPE.
 *
 * <p>A line that breaks the format is reported with its number and the reason, and skipped; the
 * rest of the document is still read. Bytes that are not UTF-8 make their line an error.
 * client_java only writes this format, hence a parser of Fathom's own.
 */
public final class PrometheusTextParser {

    /** What was read: the families in document order and one message per rejected line. */
    public record Result(List<PrometheusFamily> families, List<String> errors) {

        public Result {
            families = List.copyOf(families);
            errors = List.copyOf(errors);
        }

        public int sampleCount() {
            return families.stream().mapToInt(f -> f.samples().size()).sum();
        }
    }

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d++(\\.\\d*+)?|\\.\\d++)([eE][+-]?\\d++)?");

    private final String origin;
    private final Map<String, FamilyBuilder> families = new LinkedHashMap<>();
    private final List<String> errors = new ArrayList<>();

    private static final class FamilyBuilder {
        final String name;
        PrometheusFamily.Type type;
        String help = "";
        final List<PrometheusSample> samples = new ArrayList<>();

        FamilyBuilder(String name) {
            this.name = name;
        }
    }

    private PrometheusTextParser(String origin) {
        this.origin = origin;
    }

    public static Result parse(byte[] body, String origin) {
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        String text;
        try {
            text = strict.decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            // Decode again with U+FFFD for bad bytes; their lines are reported and skipped.
            text = new String(body, StandardCharsets.UTF_8);
        }
        return parse(text, origin);
    }

    public static Result parse(String text, String origin) {
        PrometheusTextParser parser = new PrometheusTextParser(origin);
        int lineNumber = 0;
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            lineNumber++;
            String line = text.substring(start, end);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            try {
                parser.line(line, lineNumber);
            } catch (FormatException e) {
                parser.errors.add(origin + " line " + lineNumber + ": " + e.getMessage());
            }
            start = end + 1;
        }
        List<PrometheusFamily> result = new ArrayList<>();
        for (FamilyBuilder family : parser.families.values()) {
            PrometheusFamily.Type type = family.type == null ? PrometheusFamily.Type.UNTYPED : family.type;
            result.add(new PrometheusFamily(family.name, type, family.help, family.samples));
        }
        return new Result(result, parser.errors);
    }

    private static final class FormatException extends Exception {
        FormatException(String message) {
            super(message);
        }
    }

    private void line(String line, int number) throws FormatException {
        if (line.indexOf('\uFFFD') >= 0) {
            throw new FormatException("not valid UTF-8; line skipped");
        }
        String trimmed = stripLeading(line);
        if (trimmed.isEmpty()) {
            return;
        }
        if (trimmed.charAt(0) == '#') {
            comment(trimmed);
            return;
        }
        sample(trimmed, number);
    }

    private void comment(String line) throws FormatException {
        String[] parts = stripLeading(line.substring(1)).split("[ \t]+", 3);
        if (parts.length < 2 || !(parts[0].equals("HELP") || parts[0].equals("TYPE"))) {
            return; // an ordinary comment
        }
        String name = parts[1];
        if (!isMetricName(name)) {
            throw new FormatException("'" + name + "' in # " + parts[0] + " is not a metric name");
        }
        String rest = parts.length > 2 ? parts[2] : "";
        if (parts[0].equals("HELP")) {
            FamilyBuilder family = families.computeIfAbsent(name, FamilyBuilder::new);
            family.help = unescapeHelp(rest);
            return;
        }
        PrometheusFamily.Type type;
        try {
            type = PrometheusFamily.Type.valueOf(rest.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new FormatException("'" + rest.strip() + "' is not a metric type (counter, gauge, histogram, summary, untyped)");
        }
        FamilyBuilder family = families.computeIfAbsent(name, FamilyBuilder::new);
        if (family.type != null) {
            throw new FormatException("a second # TYPE for " + name);
        }
        if (!family.samples.isEmpty()) {
            throw new FormatException("# TYPE for " + name + " comes after its samples");
        }
        family.type = type;
    }

    private void sample(String line, int number) throws FormatException {
        int i = 0;
        int n = line.length();
        while (i < n && isNameChar(line.charAt(i), i == 0)) {
            i++;
        }
        String name = line.substring(0, i);
        if (name.isEmpty()) {
            throw new FormatException("a sample must start with a metric name, found '" + abbreviate(line) + "'");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        i = skipBlanks(line, i);
        if (i < n && line.charAt(i) == '{') {
            i = labels(line, i + 1, labels);
            i = skipBlanks(line, i);
        }
        int valueStart = i;
        while (i < n && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
            i++;
        }
        if (valueStart == i) {
            throw new FormatException("sample " + name + " has no value");
        }
        double value = parseValue(line.substring(valueStart, i));
        i = skipBlanks(line, i);
        Long timestamp = null;
        if (i < n) {
            int tsStart = i;
            while (i < n && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
                i++;
            }
            String ts = line.substring(tsStart, i);
            try {
                timestamp = Long.parseLong(ts);
            } catch (NumberFormatException e) {
                throw new FormatException("timestamp '" + ts + "' of " + name + " is not an integer (milliseconds)");
            }
            if (skipBlanks(line, i) < n) {
                throw new FormatException("unexpected text after the timestamp of " + name + ": '"
                        + abbreviate(line.substring(i).strip()) + "'");
            }
        }
        familyOf(name).samples.add(new PrometheusSample(name, labels, value, timestamp, number));
    }

    /** The family a series belongs to: histogram and summary parts go to their TYPE'd base name. */
    private FamilyBuilder familyOf(String sampleName) {
        FamilyBuilder exact = families.get(sampleName);
        if (exact != null && exact.type != null) {
            return exact;
        }
        for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
            if (sampleName.endsWith(suffix)) {
                FamilyBuilder base = families.get(sampleName.substring(0, sampleName.length() - suffix.length()));
                if (base != null && (base.type == PrometheusFamily.Type.HISTOGRAM
                        || (base.type == PrometheusFamily.Type.SUMMARY && !suffix.equals("_bucket")))) {
                    return base;
                }
            }
        }
        return families.computeIfAbsent(sampleName, FamilyBuilder::new);
    }

    /** Reads {@code name="value",...}} from {@code i}; returns the index after the closing brace. */
    private static int labels(String line, int i, Map<String, String> labels) throws FormatException {
        int n = line.length();
        while (true) {
            i = skipBlanks(line, i);
            if (i >= n) {
                throw new FormatException("label set is not closed with '}'");
            }
            if (line.charAt(i) == '}') {
                return i + 1;
            }
            int nameStart = i;
            while (i < n && isLabelChar(line.charAt(i), i == nameStart)) {
                i++;
            }
            String label = line.substring(nameStart, i);
            if (label.isEmpty()) {
                throw new FormatException("expected a label name at column " + (i + 1) + ", found '"
                        + line.charAt(i) + "'");
            }
            i = skipBlanks(line, i);
            if (i >= n || line.charAt(i) != '=') {
                throw new FormatException("expected '=' after label " + label);
            }
            i = skipBlanks(line, i + 1);
            if (i >= n || line.charAt(i) != '"') {
                throw new FormatException("the value of label " + label + " must be in double quotes");
            }
            StringBuilder value = new StringBuilder();
            i++;
            boolean closed = false;
            while (i < n) {
                char c = line.charAt(i++);
                if (c == '\\') {
                    if (i >= n) {
                        break;
                    }
                    char escaped = line.charAt(i++);
                    switch (escaped) {
                        case 'n' -> value.append('\n');
                        case '\\' -> value.append('\\');
                        case '"' -> value.append('"');
                        default -> throw new FormatException("unknown escape '\\" + escaped + "' in the value of label " + label);
                    }
                } else if (c == '"') {
                    closed = true;
                    break;
                } else {
                    value.append(c);
                }
            }
            if (!closed) {
                throw new FormatException("the value of label " + label + " is not closed with '\"'");
            }
            if (labels.put(label, value.toString()) != null) {
                throw new FormatException("label " + label + " appears twice");
            }
            i = skipBlanks(line, i);
            if (i < n && line.charAt(i) == ',') {
                i++;
            } else if (i < n && line.charAt(i) != '}') {
                throw new FormatException("expected ',' or '}' after label " + label + ", found '" + line.charAt(i) + "'");
            }
        }
    }

    static double parseValue(String text) throws FormatException {
        switch (text) {
            case "NaN": case "nan": return Double.NaN;
            case "+Inf": case "Inf": case "+inf": case "inf": return Double.POSITIVE_INFINITY;
            case "-Inf": case "-inf": return Double.NEGATIVE_INFINITY;
            default: break;
        }
        // Go's ParseFloat accepts these; Java's also accepts "1d", "0x1p3" and "Infinity", which exporters never write.
        // Possessive quantifiers: a long run of digits must not make the match backtrack (found by fuzzing).
        if (!NUMBER.matcher(text).matches()) {
            throw new FormatException("'" + abbreviate(text) + "' is not a number");
        }
        return Double.parseDouble(text);
    }

    private static String unescapeHelp(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(i + 1);
                if (next == 'n') {
                    out.append('\n');
                    i++;
                    continue;
                }
                if (next == '\\') {
                    out.append('\\');
                    i++;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    static boolean isMetricName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isNameChar(name.charAt(i), i == 0)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNameChar(char c, boolean first) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || (!first && c >= '0' && c <= '9');
    }

    private static boolean isLabelChar(char c, boolean first) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (!first && c >= '0' && c <= '9');
    }

    private static int skipBlanks(String line, int i) {
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static String stripLeading(String line) {
        return line.substring(skipBlanks(line, 0));
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    /** True when the text looks like a Prometheus exposition (for format detection). */
    public static boolean looksLikeExposition(String head) {
        for (String line : head.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.startsWith("# HELP ") || trimmed.startsWith("# TYPE ")) {
                return true;
            }
            return !trimmed.startsWith("#") && trimmed.matches("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*\\})?[ \\t]+\\S+([ \\t]+-?\\d+)?");
        }
        return false;
    }
}
