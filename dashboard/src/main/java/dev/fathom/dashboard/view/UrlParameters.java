package dev.fathom.dashboard.view;

import com.vaadin.flow.router.QueryParameters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A view's URL query parameters as it reads them, the one place links are parsed: one value per
 * name, and for each kind of value (free text, a choice, a page number) a reader that clamps or
 * refuses what it cannot use and keeps a sentence naming the parameter, which the view shows. A
 * link never fails to open; it opens with defaults and says why.
 */
public final class UrlParameters {

    /** Free-text filters longer than this are refused: no host, team or model name is this long. */
    public static final int MAX_TEXT = 256;
    /** How much of a refused value a message repeats. */
    static final int SHOWN = 40;
    private static final Pattern DIGITS = Pattern.compile("[+]?[0-9]+");

    private final Map<String, String> values;
    private final List<String> problems = new ArrayList<>();

    /** Parameters already reduced to one value per name (tests, and links built in code). */
    public UrlParameters(Map<String, String> values) {
        this.values = new LinkedHashMap<>(values);
    }

    /**
     * The router's parameters: the first value of a repeated name is used (browsers and proxies
     * disagree on the others), saying so when the values differ.
     */
    public static UrlParameters of(QueryParameters query) {
        Map<String, String> first = new LinkedHashMap<>();
        List<String> repeated = new ArrayList<>();
        query.getParameters().forEach((name, given) -> {
            String value = given.isEmpty() ? "" : given.get(0);
            first.put(name, value);
            if (given.stream().anyMatch(v -> !v.equals(value))) {
                repeated.add("URL parameter '" + shown(name) + "' is given " + given.size() + " times; using the first, " + quoted(value) + ".");
            }
        });
        UrlParameters parameters = new UrlParameters(first);
        parameters.problems.addAll(repeated);
        return parameters;
    }

    /** Every parameter as given (one value per name), for readers with their own rules (the time range). */
    public Map<String, String> asMap() {
        return java.util.Collections.unmodifiableMap(values);
    }

    /** The value as given, or null when absent: for values checked against data (a selected row). */
    public String raw(String name) {
        return values.get(name);
    }

    /**
     * A free-text filter (host, team, model...), trimmed; empty when absent or blank. Longer than
     * {@link #MAX_TEXT} it is refused. The value reaches SQL only as a literal (storage's Sql).
     */
    public String text(String name) {
        String value = values.get(name);
        if (value == null) {
            return "";
        }
        if (value.length() > MAX_TEXT) {
            problem(name, "is %,d characters long, more than the %d a filter takes; ignored".formatted(value.length(), MAX_TEXT));
            return "";
        }
        return value.trim();
    }

    /** Like {@link #text} but null when absent or empty: a selection (an SLO, a series) that may not exist. */
    public String selection(String name) {
        String value = text(name);
        return value.isEmpty() ? null : value;
    }

    /** One of {@code allowed}; anything else is {@code fallback} with a sentence listing the choices. */
    public String choice(String name, Collection<String> allowed, String fallback) {
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        if (allowed.contains(value)) {
            return value;
        }
        problem(name, "must be one of " + String.join(", ", allowed) + ", not " + quoted(value) + "; using " + fallback);
        return fallback;
    }

    /**
     * A 1-based page number from 1 to {@code last}: absent or empty is 1; a number past
     * {@code last} (however many digits) is {@code last}; anything else is 1, with a sentence.
     */
    public int page(String name, int last) {
        if (last < 1) {
            throw new IllegalArgumentException("the last page must be at least 1, got " + last);
        }
        String value = values.get(name);
        if (value == null || value.isEmpty()) {
            return 1;
        }
        if (!DIGITS.matcher(value).matches()) {
            problem(name, "must be a page number from 1, not " + quoted(value) + "; showing the first page");
            return 1;
        }
        // Any number of digits, never overflowing an int: past 10 significant digits it is past any int
        // (parsing 100,000 digits into a BigInteger would cost the request thread CPU for nothing).
        String digits = value.replaceFirst("^\\+?0*", "");
        if (digits.isEmpty()) {
            problem(name, "must be a page number from 1, not " + quoted(value) + "; showing the first page");
            return 1;
        }
        if (digits.length() > 10 || Long.parseLong(digits) > last) {
            problem(name, "is past the last page (" + last + "), " + quoted(value) + "; showing the last page");
            return last;
        }
        return Integer.parseInt(digits);
    }

    /** Adds a problem found while reading a parameter (a value checked elsewhere). */
    public void problem(String name, String what) {
        problems.add("URL parameter '" + shown(name) + "' " + what + ".");
    }

    /** What could not be used, one sentence per parameter, in the order read. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** The problems as one line for the view's notice; empty when every parameter was used. */
    public Optional<String> summary() {
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", problems));
    }

    /** A value in a message: quoted, shortened, and with control characters made visible. */
    public static String quoted(String value) {
        return "'" + shown(value) + "'";
    }

    private static String shown(String value) {
        String start = value.length() > SHOWN ? value.substring(0, SHOWN) + "…" : value;
        StringBuilder out = new StringBuilder(start.length());
        start.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || Character.getType(c) == Character.SURROGATE) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
