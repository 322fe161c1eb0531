package dev.fathom.streamjobs.slo;

import dev.fathom.streamjobs.config.ConfigException;
import dev.fathom.streamjobs.config.YamlDocument;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads SLOs from OpenSLO v1 YAML (one or more documents): {@code kind: SLO} with an inline
 * {@code indicator} or an {@code indicatorRef} to a {@code kind: SLI} in the same file. Supported:
 * {@code ratioMetric} (counter good/bad over total), {@code thresholdMetric} (a histogram's
 * latency bound, or a gauge), rolling and calendar {@code timeWindow}s, {@code Occurrences} and
 * {@code Timeslices} budgeting, one objective. Fathom reads {@code metricSource.spec} as
 * {@code metric} (or {@code histogram}) plus optional {@code labels}; docs/slo.md has examples.
 * Every error names the file, the document and the field.
 */
public final class OpenSloParser {

    public static final String API_VERSION = "openslo/v1";
    public static final String ALERTS_ANNOTATION = "fathom.dev/burn-rate-alerts";
    private static final Pattern CALENDAR = Pattern.compile("(\\d+)([dwMQY])");

    private OpenSloParser() {}

    public static List<SloDefinition> load(Path file) {
        try {
            return parse(file.toString(), Files.readString(file));
        } catch (IOException e) {
            throw new ConfigException("cannot read the SLO file " + file + ": " + e.getMessage(), e);
        }
    }

    public static List<SloDefinition> parse(String source, String yaml) {
        List<YamlDocument> docs = YamlDocument.parseAll(source, yaml);
        Map<String, YamlDocument> slis = new HashMap<>();
        for (YamlDocument doc : docs) {
            checkApiVersion(doc);
            if (doc.text("kind").equals("SLI")) {
                slis.put(doc.get("metadata").text("name"), doc.get("spec"));
            }
        }
        List<SloDefinition> slos = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (YamlDocument doc : docs) {
            String kind = doc.text("kind");
            if (kind.equals("SLI")) {
                continue;
            }
            if (!kind.equals("SLO")) {
                throw doc.get("kind").error("Fathom evaluates kind SLO (and SLI referenced from one), not '" + kind + "'");
            }
            SloDefinition slo = slo(doc, slis);
            if (!names.add(slo.name())) {
                throw doc.get("metadata").get("name").error("a second SLO is named '" + slo.name() + "'");
            }
            slos.add(slo);
        }
        return slos;
    }

    private static void checkApiVersion(YamlDocument doc) {
        String version = doc.text("apiVersion");
        if (!version.equals(API_VERSION)) {
            throw doc.get("apiVersion").error("expected " + API_VERSION + ", got '" + version + "'");
        }
    }

    private static SloDefinition slo(YamlDocument doc, Map<String, YamlDocument> slis) {
        YamlDocument metadata = doc.get("metadata");
        String name = metadata.text("name");
        if (!name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
            throw metadata.get("name").error("must be a DNS label (lowercase letters, digits, '-'), got '" + name + "'");
        }
        String team = "";
        if (metadata.has("labels") && metadata.get("labels").has("team")) {
            team = metadata.get("labels").textOrFirst("team");
        }
        List<BurnRateRule> rules = BurnRateRule.DEFAULTS;
        if (metadata.has("annotations") && metadata.get("annotations").has(ALERTS_ANNOTATION)) {
            try {
                rules = BurnRateRule.parseList(metadata.get("annotations").text(ALERTS_ANNOTATION));
            } catch (IllegalArgumentException e) {
                throw metadata.get("annotations").get(ALERTS_ANNOTATION).error(e.getMessage());
            }
        }
        YamlDocument spec = doc.get("spec");
        String service = spec.text("service");
        YamlDocument sli;
        if (spec.has("indicator")) {
            sli = spec.get("indicator").get("spec");
        } else if (spec.has("indicatorRef")) {
            String ref = spec.text("indicatorRef");
            sli = slis.get(ref);
            if (sli == null) {
                throw spec.get("indicatorRef").error("no kind: SLI named '" + ref + "' in this file");
            }
        } else {
            throw spec.error("needs 'indicator' (inline SLI) or 'indicatorRef'");
        }

        List<YamlDocument> objectives = spec.list("objectives");
        if (objectives.size() != 1) {
            throw spec.get("objectives").error("Fathom evaluates exactly one objective per SLO, got " + objectives.size());
        }
        YamlDocument objective = objectives.get(0);
        double target = objective.has("target") ? objective.number("target") : objective.number("targetPercent") / 100;
        if (!(target > 0 && target < 1)) {
            throw objective.error("target must be between 0 and 1 (exclusive), got " + target);
        }
        SloDefinition.Indicator indicator = indicator(sli, objective);

        String method = spec.text("budgetingMethod");
        SloDefinition.Budgeting budgeting;
        double sliceTarget = 0;
        int sliceMinutes = 0;
        switch (method) {
            case "Occurrences" -> budgeting = SloDefinition.Budgeting.OCCURRENCES;
            case "Timeslices" -> {
                budgeting = SloDefinition.Budgeting.TIMESLICES;
                sliceTarget = objective.number("timeSliceTarget");
                if (!(sliceTarget > 0 && sliceTarget <= 1)) {
                    throw objective.get("timeSliceTarget").error("must be in (0, 1], got " + sliceTarget);
                }
                try {
                    sliceMinutes = (int) Durations.parse(objective.text("timeSliceWindow")).toMinutes();
                } catch (IllegalArgumentException e) {
                    throw objective.get("timeSliceWindow").error(e.getMessage());
                }
            }
            default -> throw spec.get("budgetingMethod").error("expected Occurrences or Timeslices, got '" + method + "'");
        }

        List<YamlDocument> windows = spec.list("timeWindow");
        if (windows.size() != 1) {
            throw spec.get("timeWindow").error("expected exactly one time window, got " + windows.size());
        }
        SloDefinition.Window window = window(windows.get(0));
        return new SloDefinition(name, service, team, spec.text("description", ""), indicator, target, window, budgeting,
                sliceTarget, sliceMinutes, rules);
    }

    private static SloDefinition.Window window(YamlDocument w) {
        String duration = w.text("duration");
        boolean rolling = w.has("isRolling") && Boolean.parseBoolean(w.text("isRolling"));
        if (rolling) {
            try {
                return SloDefinition.Window.rolling(Durations.parse(duration));
            } catch (IllegalArgumentException e) {
                throw w.get("duration").error(e.getMessage() + " (a rolling window has a fixed length)");
            }
        }
        Matcher m = CALENDAR.matcher(duration);
        if (!m.matches() || !m.group(1).equals("1")) {
            throw w.get("duration").error("a calendar window is one of 1d, 1w, 1M, 1Q, 1Y, got '" + duration + "'");
        }
        ZoneId zone = ZoneId.of("UTC");
        if (w.has("calendar") && w.get("calendar").has("timeZone")) {
            try {
                zone = ZoneId.of(w.get("calendar").text("timeZone"));
            } catch (Exception e) {
                throw w.get("calendar").get("timeZone").error("unknown time zone '" + w.get("calendar").text("timeZone") + "'");
            }
        }
        return switch (m.group(2)) {
            case "d" -> new SloDefinition.Window(null, ChronoUnit.DAYS, 1, zone);
            case "w" -> new SloDefinition.Window(null, ChronoUnit.WEEKS, 1, zone);
            case "M" -> new SloDefinition.Window(null, ChronoUnit.MONTHS, 1, zone);
            case "Q" -> new SloDefinition.Window(null, ChronoUnit.MONTHS, 3, zone);
            default -> new SloDefinition.Window(null, ChronoUnit.YEARS, 1, zone);
        };
    }

    private static SloDefinition.Indicator indicator(YamlDocument sli, YamlDocument objective) {
        if (sli.has("ratioMetric")) {
            YamlDocument ratio = sli.get("ratioMetric");
            if (ratio.has("counter") && !Boolean.parseBoolean(ratio.text("counter"))) {
                throw ratio.get("counter").error("Fathom evaluates counter ratios (counter: true)");
            }
            if (ratio.has("good") == ratio.has("bad")) {
                throw ratio.error("needs exactly one of 'good' and 'bad', with 'total'");
            }
            return new SloDefinition.RatioIndicator(
                    ratio.has("good") ? selector(ratio.get("good"), "metric") : null,
                    ratio.has("bad") ? selector(ratio.get("bad"), "metric") : null,
                    selector(ratio.get("total"), "metric"));
        }
        if (sli.has("thresholdMetric")) {
            YamlDocument source = sli.get("thresholdMetric").get("metricSource").get("spec");
            boolean histogram = source.has("histogram");
            String op = objective.text("op");
            if (!List.of("lt", "lte", "gt", "gte").contains(op)) {
                throw objective.get("op").error("expected lt, lte, gt or gte, got '" + op + "'");
            }
            if (histogram && !op.startsWith("lt")) {
                throw objective.get("op").error("a histogram threshold counts observations at or below the value: use lte");
            }
            return new SloDefinition.ThresholdIndicator(selector(sli.get("thresholdMetric"), histogram ? "histogram" : "metric"),
                    histogram, op, objective.number("value"));
        }
        throw sli.error("needs ratioMetric or thresholdMetric");
    }

    private static SloDefinition.Selector selector(YamlDocument holder, String field) {
        YamlDocument spec = holder.get("metricSource").get("spec");
        Map<String, String> labels = spec.has("labels") ? spec.textMap("labels") : Map.of();
        return new SloDefinition.Selector(spec.text(field), Map.copyOf(labels));
    }
}
