package dev.fathom.streamjobs.cost;

import dev.fathom.model.AttributeKeys;
import dev.fathom.streamjobs.config.ConfigException;
import dev.fathom.streamjobs.config.YamlDocument;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Who owns what, when labels do not say: rules from a YAML file (docs/cost.md), each matching
 * hosts, GPUs, clusters, Kubernetes namespaces or pods by glob ({@code *}, {@code ?}), first match
 * wins. Labels on the point ({@code team}, {@code project}, {@code cost_centre}) win over rules;
 * rules on namespace/pod name the workload's owner; rules on host/GPU/cluster name the hardware's
 * owner, who is charged the idle cost and whose {@code tier} prices the GPU.
 */
public final class OwnerMapping implements Serializable {

    /** The price-tier label a point may carry (on_demand, reserved, spot). */
    public static final String TIER_LABEL = "price.tier";
    /** The instance-type label (OpenTelemetry host.type), for per-instance prices. */
    public static final String INSTANCE_TYPE_LABEL = "host.type";

    private static final Map<String, String> MATCH_KEYS = Map.of(
            "host", AttributeKeys.HOST_NAME,
            "gpu_uuid", AttributeKeys.GPU_UUID,
            "cluster", AttributeKeys.CLUSTER,
            "namespace", AttributeKeys.K8S_NAMESPACE,
            "pod", AttributeKeys.K8S_POD);

    /** One rule: label globs that must all match, and the owner (and tier) they give. */
    public record Rule(Map<String, Pattern> match, Owner owner, String tier, boolean workload) implements Serializable {
        boolean matches(Map<String, String> labels) {
            return match.entrySet().stream().allMatch(e -> e.getValue().matcher(labels.getOrDefault(e.getKey(), "")).matches());
        }
    }

    private final List<Rule> rules;

    public OwnerMapping(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static OwnerMapping none() {
        return new OwnerMapping(List.of());
    }

    /** The owner of a workload: its labels, else a namespace/pod rule, else the hardware's owner. */
    public Owner workloadOwner(Map<String, String> labels) {
        Owner fromLabels = new Owner(labels.get(AttributeKeys.TEAM), labels.get(AttributeKeys.PROJECT), labels.get(AttributeKeys.COST_CENTRE));
        if (fromLabels.isKnown()) {
            return fromLabels;
        }
        for (Rule rule : rules) {
            if (rule.workload() && rule.matches(labels)) {
                return rule.owner();
            }
        }
        return hardwareOwner(labels);
    }

    /** The owner of the hardware (charged the idle cost), or an unknown owner. */
    public Owner hardwareOwner(Map<String, String> labels) {
        for (Rule rule : rules) {
            if (!rule.workload() && rule.matches(labels)) {
                return rule.owner();
            }
        }
        return new Owner("", "", "");
    }

    /** The price tier: the point's label, else the hardware rule's, else on-demand. */
    public PriceCatalogue.Tier tier(Map<String, String> labels) {
        String label = labels.get(TIER_LABEL);
        if (label != null && !label.isEmpty()) {
            return PriceCatalogue.Tier.parse(label);
        }
        for (Rule rule : rules) {
            if (!rule.workload() && !rule.tier().isEmpty() && rule.matches(labels)) {
                return PriceCatalogue.Tier.parse(rule.tier());
            }
        }
        return PriceCatalogue.Tier.ON_DEMAND;
    }

    public static OwnerMapping load(Path file) {
        try {
            return parse(file.toString(), Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException("cannot read the owner mapping " + file + ": " + e.getMessage(), e);
        }
    }

    public static OwnerMapping loadOrNone(String path) {
        return path == null || path.isBlank() ? none() : load(Path.of(path));
    }

    public static OwnerMapping parse(String source, String yaml) {
        YamlDocument doc = YamlDocument.parse(source, yaml);
        doc.allowOnly("owners");
        List<Rule> rules = new ArrayList<>();
        for (YamlDocument r : doc.list("owners")) {
            r.allowOnly("match", "team", "project", "cost_centre", "tier");
            Map<String, String> match = r.textMap("match");
            if (match.isEmpty()) {
                throw r.get("match").error("needs at least one of " + MATCH_KEYS.keySet());
            }
            Map<String, Pattern> globs = new java.util.LinkedHashMap<>();
            boolean workload = false;
            for (Map.Entry<String, String> m : match.entrySet()) {
                String label = MATCH_KEYS.get(m.getKey());
                if (label == null) {
                    throw r.get("match").error("unknown key '" + m.getKey() + "' (known: " + String.join(", ", MATCH_KEYS.keySet()) + ")");
                }
                workload |= m.getKey().equals("namespace") || m.getKey().equals("pod");
                globs.put(label, glob(m.getValue()));
            }
            Owner owner = new Owner(r.text("team", ""), r.text("project", ""), r.text("cost_centre", ""));
            if (!owner.isKnown()) {
                throw r.error("names no owner: give team, project or cost_centre");
            }
            String tier = r.text("tier", "");
            if (!tier.isEmpty()) {
                try {
                    PriceCatalogue.Tier.parse(tier);
                } catch (IllegalArgumentException e) {
                    throw r.get("tier").error(e.getMessage());
                }
            }
            rules.add(new Rule(globs, owner, tier, workload));
        }
        return new OwnerMapping(rules);
    }

    static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
