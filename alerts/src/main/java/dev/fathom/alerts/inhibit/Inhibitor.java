package dev.fathom.alerts.inhibit;

import dev.fathom.alerts.config.AlertsConfig;
import dev.fathom.alerts.match.Matcher;
import dev.fathom.alerts.match.Matchers;
import dev.fathom.model.alert.Alert;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Alertmanager's inhibition: an alert matching a rule's target matchers is muted while another
 * firing alert matches its source matchers and has the same values for the {@code equal} labels.
 * An alert never inhibits itself.
 */
public final class Inhibitor {

    private record Rule(List<Matcher> source, List<Matcher> target, List<String> equal) {}

    private final List<Rule> rules = new ArrayList<>();

    public Inhibitor(List<AlertsConfig.InhibitRule> configs) {
        for (AlertsConfig.InhibitRule c : configs) {
            rules.add(new Rule(Matchers.parseAll(c.sourceMatchers()), Matchers.parseAll(c.targetMatchers()), c.equal()));
        }
    }

    /** Whether any of these alerts is a source of some rule: their change can change other alerts' inhibition. */
    public boolean mayInhibitOthers(List<Alert> alerts) {
        for (Rule rule : rules) {
            for (Alert a : alerts) {
                if (Matchers.matchAll(rule.source(), a.labels())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Fingerprints of the firing alerts that inhibit {@code target}; empty when it is not inhibited. */
    public List<String> inhibitedBy(Alert target, List<Alert> firing) {
        List<String> sources = new ArrayList<>();
        String targetFp = target.fingerprint();
        for (Rule rule : rules) {
            if (!Matchers.matchAll(rule.target(), target.labels())) {
                continue;
            }
            for (Alert source : firing) {
                if (source.fingerprint().equals(targetFp) || !Matchers.matchAll(rule.source(), source.labels())) {
                    continue;
                }
                if (equalLabels(rule.equal(), source.labels(), target.labels())) {
                    sources.add(source.fingerprint());
                }
            }
        }
        return sources;
    }

    private static boolean equalLabels(List<String> names, Map<String, String> a, Map<String, String> b) {
        for (String name : names) {
            if (!Objects.equals(a.getOrDefault(name, ""), b.getOrDefault(name, ""))) {
                return false;
            }
        }
        return true;
    }
}
