package dev.fathom.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.alerts.config.ConfigException;
import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.model.Point;
import dev.fathom.model.alert.Alert;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.schema.Migrator;
import dev.fathom.storage.write.PointWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Threshold rules evaluated against real rows in ClickHouse 18.16. */
class RuleEvaluatorTest {

    @RegisterExtension
    static final ClickHouseExtension clickhouse = new ClickHouseExtension();

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static ClickHouseHttp ch;

    @TempDir
    Path dir;

    @BeforeAll
    static void schema() {
        ch = new ClickHouseHttp(clickhouse.httpUrl(), "fathom_rules_test");
        new Migrator(ch).migrate();
    }

    private static Point point(String metric, String host, String uuid, Instant at, double value) {
        return new Point(metric, at.toEpochMilli(), value, "", new TreeMap<>(Map.of("host.name", host, "gpu.uuid", uuid, "cluster", "c1")));
    }

    private static RuleFile.Rule rule(String alert, String expr, Duration forDuration) {
        return new RuleFile.Rule(alert, expr, forDuration, Map.of("severity", "critical"),
                Map.of("summary", "{{ $labels.gpu_uuid }} on {{ $labels.host }} at {{ $value }}"));
    }

    @Test
    void aHotGpuPendsForItsForDurationThenFiresThenResolves() {
        PointWriter points = new PointWriter(ch);
        points.write(List.of(point("gpu.temperature", "gpu-1", "GPU-1", NOW.minusSeconds(60), 88),
                point("gpu.temperature", "gpu-2", "GPU-2", NOW.minusSeconds(60), 70),
                point("gpu.temperature", "gpu-3", "GPU-3", NOW.minusSeconds(60), 95)));
        RuleEvaluator evaluator = new RuleEvaluator(List.of(rule("GpuTooHot", "gpu.temperature{host!=\"gpu-3\"} > 85", Duration.ofMinutes(5))), new SeriesQuery(ch));

        assertThat(evaluator.evaluate(NOW)).as("pending, not yet firing").isEmpty();
        points.write(List.of(point("gpu.temperature", "gpu-1", "GPU-1", NOW.plus(Duration.ofMinutes(4)), 91.5)));
        List<Alert> fired = evaluator.evaluate(NOW.plus(Duration.ofMinutes(5)));
        assertThat(fired).singleElement().satisfies(a -> {
            assertThat(a.labels()).containsEntry("alertname", "GpuTooHot").containsEntry("source", "rule").containsEntry("severity", "critical")
                    .containsEntry("host", "gpu-1").containsEntry("gpu_uuid", "GPU-1").containsEntry("cluster", "c1").doesNotContainKey("host_name");
            assertThat(a.annotations()).containsEntry("summary", "GPU-1 on gpu-1 at 91.5").containsEntry("value", "91.5");
            assertThat(a.startsAt()).isEqualTo(NOW);
            assertThat(a.endsAt()).isNull();
        });
        assertThat(evaluator.evaluate(NOW.plus(Duration.ofMinutes(6)))).as("still firing: no news").isEmpty();

        points.write(List.of(point("gpu.temperature", "gpu-1", "GPU-1", NOW.plus(Duration.ofMinutes(7)), 60)));
        List<Alert> resolved = evaluator.evaluate(NOW.plus(Duration.ofMinutes(8)));
        assertThat(resolved).singleElement().satisfies(a -> {
            assertThat(a.endsAt()).isEqualTo(NOW.plus(Duration.ofMinutes(8)));
            assertThat(a.fingerprint()).isEqualTo(fired.get(0).fingerprint());
        });
    }

    @Test
    void rangeFunctionsXidIncreaseAndThrottling() {
        PointWriter points = new PointWriter(ch);
        Instant t = NOW.plus(Duration.ofHours(1));
        points.write(List.of(point("gpu.xid.errors", "gpu-4", "GPU-4", t.minusSeconds(500), 3), point("gpu.xid.errors", "gpu-4", "GPU-4", t.minusSeconds(60), 5),
                point("gpu.xid.errors", "gpu-5", "GPU-5", t.minusSeconds(500), 2), point("gpu.xid.errors", "gpu-5", "GPU-5", t.minusSeconds(60), 2),
                point("gpu.clock.sm", "gpu-4", "GPU-4", t.minusSeconds(300), 1100), point("gpu.clock.sm", "gpu-4", "GPU-4", t.minusSeconds(100), 1150),
                point("gpu.clock.sm", "gpu-5", "GPU-5", t.minusSeconds(300), 1980)));
        RuleEvaluator evaluator = new RuleEvaluator(List.of(
                rule("GpuXidErrors", "increase(gpu.xid.errors[10m]) > 0", Duration.ZERO),
                rule("GpuThrottled", "max_over_time(gpu.clock.sm{gpu.uuid=~\"GPU-[0-9]+\"}[10m]) < 1200", Duration.ZERO)), new SeriesQuery(ch));
        List<Alert> fired = evaluator.evaluate(t);
        assertThat(fired).extracting(a -> a.label("alertname") + "@" + a.label("host") + "=" + a.annotations().get("value"))
                .containsExactlyInAnyOrder("GpuXidErrors@gpu-4=2", "GpuThrottled@gpu-4=1150");
    }

    @Test
    void aCollectorThatStoppedReportingIsFoundPerHost() {
        PointWriter points = new PointWriter(ch);
        Instant t = NOW.plus(Duration.ofHours(2));
        points.write(List.of(point("gpu.utilization", "gpu-8", "GPU-8", t.minus(Duration.ofMinutes(20)), 0.5),
                point("gpu.utilization", "gpu-9", "GPU-9", t.minus(Duration.ofMinutes(20)), 0.5),
                point("gpu.utilization", "gpu-9", "GPU-9", t.minus(Duration.ofMinutes(1)), 0.6)));
        RuleEvaluator evaluator = new RuleEvaluator(List.of(new RuleFile.Rule("CollectorStoppedReporting", "absent(gpu.utilization{host=~\"gpu-[89]\"}[5m])",
                Duration.ZERO, Map.of(), Map.of("summary", "{{ $labels.host }} silent for {{ $value }} s"))), new SeriesQuery(ch));
        assertThat(evaluator.evaluate(t)).singleElement().satisfies(a -> {
            assertThat(a.label("host")).isEqualTo("gpu-8");
            assertThat(a.annotations().get("summary")).isEqualTo("gpu-8 silent for 1200 s");
        });
    }

    @Test
    void aTeamOverItsMonthlyBudgetAndADriftingFeature() {
        String ledger = """
                {"minute":%d,"cluster":"c1","host":"gpu-1","resource_type":"gpu","resource_id":"GPU-1","kind":"used","team":"ml-research","currency":"USD","cost":4000.25,"list_cost":4000.25,"version":1}
                {"minute":%d,"cluster":"c1","host":"gpu-2","resource_type":"gpu","resource_id":"GPU-2","kind":"idle","team":"ml-research","currency":"USD","cost":2000.25,"list_cost":2000.25,"version":1}
                {"minute":%d,"cluster":"c1","host":"gpu-1","resource_type":"gpu","resource_id":"GPU-1","kind":"used","team":"ml-research","currency":"USD","cost":9999,"list_cost":9999,"version":1}
                {"minute":%d,"cluster":"c1","host":"gpu-3","resource_type":"gpu","resource_id":"GPU-3","kind":"used","team":"vision","currency":"USD","cost":10,"list_cost":10,"version":1}
                """.formatted(NOW.minus(Duration.ofDays(2)).getEpochSecond(), NOW.minus(Duration.ofHours(1)).getEpochSecond(),
                Instant.parse("2026-10-31T23:00:00Z").getEpochSecond(), NOW.minus(Duration.ofHours(1)).getEpochSecond());
        ch.insertJsonEachRow("cost_ledger", ledger.getBytes(StandardCharsets.UTF_8));
        String drift = """
                {"ts":%d,"model":"ranker","model_version":"3","feature":"price","method":"psi","value":0.05,"threshold":0.1,"drifted":0,"version":1}
                {"ts":%d,"model":"ranker","model_version":"3","feature":"price","method":"psi","value":0.31,"threshold":0.1,"drifted":1,"version":1}
                {"ts":%d,"model":"ranker","model_version":"3","feature":"age","method":"psi","value":0.02,"threshold":0.1,"drifted":0,"version":1}
                """.formatted(NOW.minus(Duration.ofMinutes(40)).getEpochSecond(), NOW.minus(Duration.ofMinutes(10)).getEpochSecond(),
                NOW.minus(Duration.ofMinutes(10)).getEpochSecond());
        ch.insertJsonEachRow("drift_results", drift.getBytes(StandardCharsets.UTF_8));

        RuleEvaluator evaluator = new RuleEvaluator(List.of(
                new RuleFile.Rule("TeamOverMonthlyBudget", "fathom_team_monthly_cost{team=~\"ml-research|vision\"} > 5000", Duration.ZERO,
                        Map.of("severity", "warning"), Map.of("summary", "{{ $labels.team }} spent {{ $value }} {{ $labels.currency }}")),
                new RuleFile.Rule("FeatureDrifting", "fathom_feature_drifted == 1", Duration.ZERO, Map.of(), Map.of())), new SeriesQuery(ch));
        List<Alert> fired = evaluator.evaluate(NOW);
        assertThat(fired).filteredOn(a -> a.label("alertname").equals("TeamOverMonthlyBudget")).singleElement()
                .satisfies(a -> assertThat(a.annotations().get("summary")).isEqualTo("ml-research spent 6000.5 USD"));
        assertThat(fired).filteredOn(a -> a.label("alertname").equals("FeatureDrifting")).singleElement()
                .satisfies(a -> assertThat(a.labels()).containsEntry("model", "ranker").containsEntry("feature", "price").containsEntry("method", "psi"));
    }

    @Test
    void hostileLabelValuesAreEscapedAndBadExpressionsAreNamed() {
        // The query runs (no error swallowed) and finds nothing: the value stayed a literal.
        assertThat(new SeriesQuery(ch).run(RuleExpr.parse("gpu.temperature{host=\"x' OR 1=1 --\\\\\", gpu.uuid=~\"'.*\"} > 0"), NOW)).isEmpty();
        assertThatThrownBy(() -> RuleExpr.parse("gpu.temperature >")).hasMessageContaining("not understood");
        assertThatThrownBy(() -> RuleExpr.parse("rate(gpu.temperature[5m]) > 1")).hasMessageContaining("unknown function 'rate'");
        assertThatThrownBy(() -> RuleExpr.parse("max_over_time(gpu.temperature) > 1")).hasMessageContaining("needs a range");
        assertThatThrownBy(() -> RuleExpr.parse("absent(gpu.temperature[5m]) > 1")).hasMessageContaining("takes no comparison");
    }

    @Test
    void theExampleRuleFileLoadsAndAWrongOneNamesItsLine() throws Exception {
        assertThat(RuleFile.load(Path.of("config/rules.example.yaml")).rules()).hasSize(6);
        Path bad = dir.resolve("rules.yaml");
        Files.writeString(bad, """
                rules:
                  - alert: GpuTooHot
                    expr: 'gpu.temperature > 85'
                  - alert: Broken
                    expr: 'gpu.temperature >> 85'
                """);
        assertThatThrownBy(() -> RuleFile.load(bad)).isInstanceOf(ConfigException.class).hasMessageContaining("line 4").hasMessageContaining("not understood");
    }
}
