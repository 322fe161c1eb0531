package dev.fathom.streamjobs.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.model.Point;
import dev.fathom.streamjobs.config.ConfigException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class OpenSloParserTest {

    static final String SLOS = """
            apiVersion: openslo/v1
            kind: SLO
            metadata:
              name: checkout-availability
              labels: {team: [payments]}
              annotations:
                fathom.dev/burn-rate-alerts: "critical:10:1h:5m, warning:2:1d:2h"
            spec:
              service: checkout
              indicator:
                metadata: {name: checkout-errors}
                spec:
                  ratioMetric:
                    counter: true
                    bad:
                      metricSource: {type: fathom, spec: {metric: http.server.requests, labels: {status_class: 5xx}}}
                    total:
                      metricSource: {type: fathom, spec: {metric: http.server.requests}}
              timeWindow: [{duration: 28d, isRolling: true}]
              budgetingMethod: Occurrences
              objectives: [{target: 0.999}]
            ---
            apiVersion: openslo/v1
            kind: SLI
            metadata: {name: search-latency}
            spec:
              thresholdMetric:
                metricSource: {type: fathom, spec: {histogram: http.server.duration, labels: {route: /search}}}
            ---
            apiVersion: openslo/v1
            kind: SLO
            metadata: {name: search-latency, labels: {team: search}}
            spec:
              service: search
              indicatorRef: search-latency
              timeWindow: [{duration: 1M, calendar: {startTime: "2025-01-01 00:00:00", timeZone: Europe/Berlin}}]
              budgetingMethod: Timeslices
              objectives: [{op: lte, value: 0.3, target: 0.99, timeSliceTarget: 0.95, timeSliceWindow: 5m}]
            """;

    @Test
    void readsRatioAndHistogramLatencySlosWithTheirWindowsAndRules() {
        List<SloDefinition> slos = OpenSloParser.parse("slos.yaml", SLOS);
        assertThat(slos).extracting(SloDefinition::name).containsExactly("checkout-availability", "search-latency");

        SloDefinition checkout = slos.get(0);
        assertThat(checkout.team()).isEqualTo("payments");
        assertThat(checkout.window().rolling()).isEqualTo(Duration.ofDays(28));
        assertThat(checkout.alertRules()).containsExactly(
                new BurnRateRule("critical", 10, Duration.ofHours(1), Duration.ofMinutes(5)),
                new BurnRateRule("warning", 2, Duration.ofDays(1), Duration.ofHours(2)));
        Point errors = new Point("http.server.requests.delta", 0, 7, "1", new TreeMap<>(Map.of("status_class", "5xx")));
        Point ok = new Point("http.server.requests.delta", 0, 90, "1", new TreeMap<>(Map.of("status_class", "2xx")));
        assertThat(checkout.indicator().events(errors)).containsExactly(0, 7, 7);
        assertThat(checkout.indicator().events(ok)).containsExactly(0, 0, 90);
        assertThat(checkout.indicator().events(new Point("http.server.requests", 0, 7, "1", new TreeMap<>()))).isNull();

        SloDefinition search = slos.get(1);
        assertThat(search.budgeting()).isEqualTo(SloDefinition.Budgeting.TIMESLICES);
        assertThat(search.timeSliceMinutes()).isEqualTo(5);
        assertThat(search.alertRules()).isEqualTo(BurnRateRule.DEFAULTS);
        // The calendar month starts at midnight in Berlin.
        assertThat(search.window().calendarStart(Instant.parse("2025-03-15T10:00:00Z"))).isEqualTo(Instant.parse("2025-02-28T23:00:00Z"));
        Point fast = new Point("http.server.duration.bucket.delta", 0, 40, "1", new TreeMap<>(Map.of("route", "/search", "le", "0.3")));
        Point slow = new Point("http.server.duration.bucket.delta", 0, 45, "1", new TreeMap<>(Map.of("route", "/search", "le", "1")));
        Point count = new Point("http.server.duration.count.delta", 0, 50, "1", new TreeMap<>(Map.of("route", "/search")));
        assertThat(search.indicator().events(fast)).containsExactly(40, 0, 0);
        assertThat(search.indicator().events(slow)).isNull();
        assertThat(search.indicator().events(count)).containsExactly(0, 0, 50);
    }

    @Test
    void errorsNameTheDocumentAndField() {
        assertThatThrownBy(() -> OpenSloParser.parse("slos.yaml", SLOS.replace("budgetingMethod: Occurrences", "budgetingMethod: Sometimes")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("slos.yaml: document 1: spec.budgetingMethod: expected Occurrences or Timeslices, got 'Sometimes'");
        assertThatThrownBy(() -> OpenSloParser.parse("slos.yaml", SLOS.replace("indicatorRef: search-latency", "indicatorRef: nope")))
                .hasMessage("slos.yaml: document 3: spec.indicatorRef: no kind: SLI named 'nope' in this file");
        assertThatThrownBy(() -> OpenSloParser.parse("slos.yaml", SLOS.replace("target: 0.999", "target: 99.9")))
                .hasMessageContaining("document 1: spec.objectives[0]: target must be between 0 and 1");
        assertThatThrownBy(() -> OpenSloParser.parse("slos.yaml", SLOS.replace("critical:10:1h:5m", "critical:10:5m:1h")))
                .hasMessageContaining("metadata.annotations.fathom.dev/burn-rate-alerts: the short window 1h is longer than the long window 5m");
        assertThatThrownBy(() -> OpenSloParser.parse("slos.yaml", SLOS.replace("apiVersion: openslo/v1\nkind: SLI", "apiVersion: openslo/v2\nkind: SLI")))
                .hasMessage("slos.yaml: document 2: apiVersion: expected openslo/v1, got 'openslo/v2'");
        assertThatThrownBy(() -> OpenSloParser.parse("slos.yaml", SLOS.replace("duration: 28d, isRolling: true", "duration: 1M, isRolling: true")))
                .hasMessageContaining("document 1: spec.timeWindow[0].duration: expected a duration such as 5m");
    }
}
