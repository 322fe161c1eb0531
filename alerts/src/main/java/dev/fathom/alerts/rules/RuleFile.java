package dev.fathom.alerts.rules;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.fathom.alerts.config.YamlFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A threshold rule file (docs/alerts.md, "Rule files"): a list of rules, each with an alert name,
 * an expression, how long it must hold ({@code for}), and the labels and annotations its alerts
 * carry. Annotations may use {@code {{ $value }}} and {@code {{ $labels.NAME }}}.
 */
public record RuleFile(List<Rule> rules) {

    public RuleFile {
        rules = rules == null ? List.of() : List.copyOf(rules);
        Set<String> names = new HashSet<>();
        for (Rule r : rules) {
            if (!names.add(r.alert() + r.labels())) {
                throw new IllegalArgumentException("rule '" + r.alert() + "' is defined twice with the same labels");
            }
        }
    }

    public record Rule(String alert, String expr, @JsonProperty("for") Duration forDuration,
                       Map<String, String> labels, Map<String, String> annotations) {
        public Rule {
            if (alert == null || !alert.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("a rule needs 'alert', a name like GpuTooHot (letters, digits, _)");
            }
            RuleExpr.parse(expr);
            forDuration = forDuration == null ? Duration.ZERO : forDuration;
            labels = labels == null ? Map.of() : Map.copyOf(labels);
            annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        }

        public RuleExpr parsed() {
            return RuleExpr.parse(expr);
        }
    }

    public static RuleFile load(Path file) {
        return YamlFiles.read(file, RuleFile.class, System.getenv());
    }
}
