package dev.fathom.alerts.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.alerts.config.AlertsConfig;
import dev.fathom.alerts.match.Matchers;
import dev.fathom.alerts.testing.TestConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouteTest {

    @TempDir
    Path dir;

    private Route tree() {
        AlertsConfig c = TestConfigs.load(dir, """
                route:
                  receiver: default
                  group_by: [alertname]
                  group_wait: 10s
                  routes:
                    - receiver: pager
                      matchers: ['severity="critical"']
                      continue: true
                      group_by: [alertname, team]
                      repeat_interval: 1h
                    - receiver: gpu-team
                      matchers: ['alertname=~"Gpu.*"', 'team!="ml"']
                      routes:
                        - receiver: gpu-night
                          matchers: ['host!~"test-.*"']
                          group_by: ['...']
                    - receiver: never
                      matchers: ['severity="critical"']
                receivers:
                  - name: default
                  - name: pager
                  - name: gpu-team
                  - name: gpu-night
                  - name: never
                """);
        return Route.tree(c.route());
    }

    private static List<String> receivers(Route root, Map<String, String> labels) {
        return root.match(labels).stream().map(Route::receiver).toList();
    }

    @Test
    void continueLetsAnAlertReachLaterSiblingsAndTheFirstMatchOtherwiseWins() {
        Route root = tree();
        assertThat(receivers(root, Map.of("alertname", "GpuTooHot", "severity", "critical", "host", "gpu-1")))
                .containsExactly("pager", "gpu-night");
        assertThat(receivers(root, Map.of("alertname", "Disk", "severity", "critical"))).containsExactly("pager", "never");
        assertThat(receivers(root, Map.of("alertname", "GpuTooHot", "host", "test-1"))).containsExactly("gpu-team");
        assertThat(receivers(root, Map.of("alertname", "GpuTooHot", "team", "ml"))).containsExactly("default");
    }

    @Test
    void optionsAreInheritedAndDefaultsFollowAlertmanager() {
        Route root = tree();
        Route pager = root.children().get(0);
        Route night = root.children().get(1).children().get(0);
        assertThat(root.groupWait()).isEqualTo(Duration.ofSeconds(10));
        assertThat(root.groupInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(root.repeatInterval()).isEqualTo(Duration.ofHours(4));
        assertThat(pager.groupWait()).isEqualTo(Duration.ofSeconds(10));
        assertThat(pager.repeatInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(night.groupWait()).isEqualTo(Duration.ofSeconds(10));
        assertThat(root.children().get(1).groupBy()).containsExactly("alertname");
        assertThat(night.groupBy()).containsExactly("...");
    }

    @Test
    void groupLabelsAndKeysFollowGroupBy() {
        Route root = tree();
        Map<String, String> labels = Map.of("alertname", "GpuTooHot", "severity", "critical", "team", "infra", "host", "gpu-1");
        Route pager = root.children().get(0);
        assertThat(pager.groupLabels(labels)).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("alertname", "GpuTooHot", "team", "infra")));
        assertThat(pager.groupKey(pager.groupLabels(labels))).isEqualTo("{}/{severity=\"critical\"}/0:{alertname=\"GpuTooHot\",team=\"infra\"}");
        Route night = root.children().get(1).children().get(0);
        assertThat(night.groupLabels(labels)).hasSize(4);
    }

    @Test
    void matchersFollowAlertmanagerIncludingAnchoredRegexesAndMissingLabels() {
        assertThat(Matchers.parse("a=~\"gpu\"").matches(Map.of("a", "gpu-1"))).isFalse(); // anchored
        assertThat(Matchers.parse("a=~\"gpu.*\"").matches(Map.of("a", "gpu-1"))).isTrue();
        assertThat(Matchers.parse("a!~\"gpu.*\"").matches(Map.of())).isTrue();
        assertThat(Matchers.parse("a=\"\"").matches(Map.of())).isTrue(); // missing label is ""
        assertThat(Matchers.parse("a!=\"x\"").matches(Map.of("a", "x"))).isFalse();
        assertThat(Matchers.parse("summary=\"say \\\"hi\\\"\"").value()).isEqualTo("say \"hi\"");
        assertThat(Matchers.parse("severity=critical").value()).isEqualTo("critical");
    }
}
