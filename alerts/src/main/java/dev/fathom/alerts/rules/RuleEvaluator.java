package dev.fathom.alerts.rules;

import dev.fathom.alerts.notify.alertmanager.AlertmanagerNotifier;
import dev.fathom.model.alert.Alert;
import dev.fathom.model.alert.AlertLabels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates threshold rules as Prometheus does: a series that meets the condition is pending,
 * and fires once it has met it for the rule's {@code for}; a firing series that no longer meets
 * it (or is gone) resolves. {@link #evaluate} returns only the changes (new firing alerts and
 * resolved ones) for the engine. Alert labels are the series' labels with names made
 * Prometheus-safe ({@code gpu.uuid} becomes {@code gpu_uuid}), the rule's labels,
 * {@code alertname} and {@code source=rule}. startsAt is when the condition was first seen.
 */
public final class RuleEvaluator {

    private static final Logger log = LoggerFactory.getLogger(RuleEvaluator.class);
    private static final Pattern VALUE = Pattern.compile("\\{\\{\\s*\\$value\\s*}}");
    private static final Pattern LABEL = Pattern.compile("\\{\\{\\s*\\$labels\\.([A-Za-z0-9_]+)\\s*}}");

    private record Active(Instant since, boolean firing, Alert alert) {}

    private final List<RuleFile.Rule> rules;
    private final SeriesQuery query;
    private final Map<String, Map<SortedMap<String, String>, Active>> active = new HashMap<>();

    public RuleEvaluator(List<RuleFile.Rule> rules, SeriesQuery query) {
        this.rules = List.copyOf(rules);
        this.query = query;
    }

    /** Takes over firing rule alerts the engine still holds (after a restart), so they resolve when due. */
    public synchronized void adopt(List<Alert> firing) {
        for (Alert a : firing) {
            if (!"rule".equals(a.label(AlertLabels.SOURCE))) {
                continue;
            }
            for (RuleFile.Rule r : rules) {
                if (r.alert().equals(a.label(AlertLabels.ALERTNAME))) {
                    active.computeIfAbsent(key(r), k -> new HashMap<>()).put(a.labels(), new Active(a.startsAt(), true, a));
                }
            }
        }
    }

    /** Runs every rule once at {@code now}; returns the alerts that started firing or resolved. */
    public synchronized List<Alert> evaluate(Instant now) {
        List<Alert> changes = new ArrayList<>();
        for (RuleFile.Rule rule : rules) {
            List<SeriesQuery.Sample> samples;
            try {
                samples = query.run(rule.parsed(), now);
            } catch (RuntimeException e) {
                log.warn("rule {} not evaluated this round: {}", rule.alert(), e.getMessage());
                continue; // keep its state: ClickHouse being away is no reason to resolve
            }
            Map<SortedMap<String, String>, Active> states = active.computeIfAbsent(key(rule), k -> new HashMap<>());
            Set<SortedMap<String, String>> seen = new HashSet<>();
            RuleExpr expr = rule.parsed();
            for (SeriesQuery.Sample s : samples) {
                if (!expr.holds(s.value())) {
                    continue;
                }
                SortedMap<String, String> labels = alertLabels(rule, s.labels());
                seen.add(labels);
                Active was = states.get(labels);
                Instant since = was == null ? now : was.since();
                boolean fires = !now.isBefore(since.plus(rule.forDuration()));
                if (fires && (was == null || !was.firing())) {
                    Alert alert = Alert.firing(labels, annotations(rule, labels, s.value()), since, "");
                    changes.add(alert);
                    states.put(labels, new Active(since, true, alert));
                } else if (was == null) {
                    states.put(labels, new Active(since, false, null));
                }
            }
            for (Iterator<Map.Entry<SortedMap<String, String>, Active>> it = states.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<SortedMap<String, String>, Active> e = it.next();
                if (!seen.contains(e.getKey())) {
                    if (e.getValue().firing()) {
                        changes.add(e.getValue().alert().resolvedAt(now));
                    }
                    it.remove();
                }
            }
        }
        return changes;
    }

    private static String key(RuleFile.Rule r) {
        return r.alert() + r.labels();
    }

    static SortedMap<String, String> alertLabels(RuleFile.Rule rule, Map<String, String> series) {
        SortedMap<String, String> labels = new TreeMap<>();
        series.forEach((k, v) -> {
            if (!v.isEmpty()) {
                labels.put(AlertmanagerNotifier.labelName(k), v);
            }
        });
        labels.putAll(rule.labels());
        labels.put(AlertLabels.ALERTNAME, rule.alert());
        labels.put(AlertLabels.SOURCE, "rule");
        return labels;
    }

    static Map<String, String> annotations(RuleFile.Rule rule, Map<String, String> labels, double value) {
        Map<String, String> out = new TreeMap<>();
        String shown = format(value);
        rule.annotations().forEach((k, v) -> {
            String text = VALUE.matcher(v).replaceAll(java.util.regex.Matcher.quoteReplacement(shown));
            java.util.regex.Matcher m = LABEL.matcher(text);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(labels.getOrDefault(m.group(1), "")));
            }
            m.appendTail(sb);
            out.put(k, sb.toString());
        });
        out.putIfAbsent(AlertLabels.VALUE, shown);
        return out;
    }

    static String format(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        if (Math.abs(v) >= 1e15 || v != 0 && Math.abs(v) < 0.001) {
            return String.format(Locale.ROOT, "%.4g", v);
        }
        return java.math.BigDecimal.valueOf(v).setScale(3, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
