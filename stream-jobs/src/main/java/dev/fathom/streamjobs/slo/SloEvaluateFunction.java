package dev.fathom.streamjobs.slo;

import dev.fathom.model.alert.Alert;
import dev.fathom.model.alert.AlertLabels;
import dev.fathom.storage.write.SloStatusRow;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per SLO (keyed by name): adds events to the SLO's minute ring and, each time the watermark passes
 * a minute's end, evaluates it ({@link SloEvaluator}) into a status row; alert severities that
 * start or stop firing go to {@link #ALERTS} as firing or resolved alerts. Each evaluation schedules
 * the next minute's, so burn rates fall and alerts resolve when traffic stops being bad.
 */
public final class SloEvaluateFunction extends KeyedProcessFunction<String, SloEvent, SloStatusRow> {

    public static final OutputTag<Alert> ALERTS = new OutputTag<>("slo-alerts", AlertSerializer.TYPE);
    public static final String ALERT_NAME = "SLOBurnRateHigh";

    private final Map<String, SloDefinition> slos = new HashMap<>();
    private final String dashboardUrl;
    private transient Map<String, SloEvaluator> evaluators;
    private transient ValueState<SloWindowState> state;
    private transient Counter tooOld;

    public SloEvaluateFunction(List<SloDefinition> definitions, String dashboardUrl) {
        definitions.forEach(d -> slos.put(d.name(), d));
        this.dashboardUrl = dashboardUrl;
    }

    @Override
    public void open(OpenContext openContext) {
        evaluators = new HashMap<>();
        slos.forEach((name, slo) -> evaluators.put(name, new SloEvaluator(slo)));
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("slo-window", TypeInformation.of(SloWindowState.class)));
        tooOld = getRuntimeContext().getMetricGroup().counter("sloEventsTooOld");
    }

    @Override
    public void processElement(SloEvent event, Context ctx, Collector<SloStatusRow> out) throws Exception {
        SloEvaluator evaluator = evaluators.get(event.slo());
        SloWindowState s = state.value();
        if (s == null) {
            s = evaluator.newState();
            ctx.timerService().registerEventTimeTimer(minuteEnd(Math.floorDiv(event.timeMillis(), 60_000)));
        }
        if (!evaluator.add(s, event.timeMillis(), event.bad(), event.total())) {
            tooOld.inc();
        }
        state.update(s);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SloStatusRow> out) throws Exception {
        String name = ctx.getCurrentKey();
        SloDefinition slo = slos.get(name);
        SloWindowState s = state.value();
        long minute = Math.floorDiv(timestamp, 60_000);
        SloEvaluator.Evaluation eval = evaluators.get(name).evaluate(s, minute);
        out.collect(eval.status());

        Instant at = eval.status().time();
        for (String severity : List.of("critical", "warning")) {
            boolean firing = eval.firingSeverities().contains(severity);
            Long since = s.firingSince.get(severity);
            if (firing && since == null) {
                s.firingSince.put(severity, at.toEpochMilli());
                ctx.output(ALERTS, alert(slo, severity, eval, Instant.ofEpochMilli(at.toEpochMilli())));
            } else if (!firing && since != null) {
                s.firingSince.remove(severity);
                ctx.output(ALERTS, alert(slo, severity, eval, Instant.ofEpochMilli(since)).resolvedAt(at));
            }
        }
        state.update(s);
        // At the end of a bounded input the watermark jumps to its maximum: evaluate up to the
        // newest minute with events, then stop the chain.
        if (ctx.timerService().currentWatermark() != Long.MAX_VALUE || minute < s.newestMinute) {
            ctx.timerService().registerEventTimeTimer(minuteEnd(minute + 1));
        }
    }

    static long minuteEnd(long minute) {
        return (minute + 1) * 60_000 - 1;
    }

    Alert alert(SloDefinition slo, String severity, SloEvaluator.Evaluation eval, Instant startsAt) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(AlertLabels.ALERTNAME, ALERT_NAME);
        labels.put(AlertLabels.SEVERITY, severity);
        labels.put(AlertLabels.SOURCE, "slo");
        labels.put("slo", slo.name());
        labels.put("service", slo.service());
        labels.put("team", slo.team());
        Map<String, String> annotations = new TreeMap<>();
        String link = dashboardUrl + "/slos/" + slo.name();
        StringBuilder rates = new StringBuilder();
        for (BurnRateRule rule : slo.alertRules()) {
            if (rule.severity().equals(severity)) {
                rates.append(String.format(Locale.ROOT, "%s %.1fx / %s %.1fx (limit %.1f); ",
                        Durations.format(rule.longWindow()), eval.burnRates().get(rule.longWindow()),
                        Durations.format(rule.shortWindow()), eval.burnRates().get(rule.shortWindow()), rule.factor()));
            }
        }
        annotations.put(AlertLabels.SUMMARY, String.format(Locale.ROOT, "%s: %s SLO %s (%.3f%%) is burning its error budget (%s)",
                slo.service(), severity.equals("critical") ? "page," : "ticket,", slo.name(), slo.target() * 100, rates.toString().trim()));
        annotations.put("burn_rates", rates.toString().trim());
        eval.burnRates().forEach((w, r) -> annotations.put("burn_rate_" + Durations.format(w), String.format(Locale.ROOT, "%.3f", r)));
        annotations.put("budget_remaining", String.format(Locale.ROOT, "%.4f", eval.status().budgetRemaining()));
        annotations.put("dashboard", link);
        return Alert.firing(labels, annotations, startsAt, link);
    }
}
