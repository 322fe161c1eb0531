package dev.fathom.dashboard.timeline;

import static dev.fathom.dashboard.ViewTesting.chart;
import static dev.fathom.dashboard.ViewTesting.notice;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.dashboard.KnownData;
import dev.fathom.dashboard.SeededViews;
import dev.fathom.dashboard.ViewTesting;
import dev.fathom.dashboard.alert.ClickHouseAlertData;
import dev.fathom.dashboard.anomaly.ClickHouseAnomalyData;
import dev.fathom.dashboard.cost.ClickHouseCostData;
import dev.fathom.dashboard.drift.ClickHouseDriftData;
import dev.fathom.dashboard.security.SignedIn;
import dev.fathom.dashboard.slo.ClickHouseSloData;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TimelineViewTest {

    @RegisterExtension
    static final SeededViews views = new SeededViews("timeline_view_test", KnownData::writeAll);

    TimelineView open(Map<String, String> parameters) {
        ClickHouseHttp clickhouse = views.clickhouse();
        TimelineLoader loader = new TimelineLoader(new ClickHouseAnomalyData(clickhouse), new ClickHouseDriftData(clickhouse),
                new ClickHouseSloData(clickhouse), new ClickHouseAlertData(clickhouse), new ClickHouseCostData(clickhouse));
        return views.open(new TimelineView(loader, views.properties(), ViewTesting.CLOCK), parameters);
    }

    @Test
    void aNodesTimelinePutsAnomaliesAlertsAndCostOnOneAxis() {
        SignedIn.as("fiona", null, "FINANCE");

        TimelineView view = open(Map.of("range", "6h", "kind", "node", "name", "node-a"));

        assertThat(view.rows()).extracting(TimelineRow::title, r -> r.points().size()).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Anomalies (score)", 1),
                org.assertj.core.groups.Tuple.tuple("Drift (value / threshold)", 0),
                org.assertj.core.groups.Tuple.tuple("SLO burn rate (1h)", 0),
                org.assertj.core.groups.Tuple.tuple("Alerts (1 firing, 0 resolved)", 1),
                org.assertj.core.groups.Tuple.tuple("Cost", 1));
        assertThat(view.rows().get(4).points().get(0).value()).isEqualTo(12.345678901 + 2.5 + 4.25 + 0.75);
        JsonNode option = chart("timeline-chart");
        assertThat(option.get("grid")).hasSize(5);
        assertThat(option.get("xAxis").findValuesAsText("min")).containsOnly(Long.toString(ViewTesting.NOW.minusSeconds(6 * 3600).toEpochMilli()));
        assertThat(option.at("/title/1/text").asText()).isEqualTo("Drift (value / threshold): drift is per model: open a model's timeline");
    }

    @Test
    void aTeamsTimelineShowsSloBurnAndTheTeamsCostButATeamBoundUserCannotSeeAnotherTeamsCost() {
        SignedIn.as("fiona", null, "FINANCE");
        TimelineView view = open(Map.of("range", "6h", "kind", "team", "name", "ml"));
        assertThat(view.rows().get(2).points()).isNotEmpty();
        assertThat(view.rows().get(4).points()).extracting(p -> p.value()).containsExactly(12.345678901 + 2.5);

        SignedIn.as("vic", "search", "VIEWER");
        TimelineView other = open(Map.of("range", "6h", "kind", "team", "name", "ml"));
        assertThat(other.rows().get(4).points()).isEmpty();
        assertThat(other.rows().get(4).why()).isEqualTo("you may not see this cost");
    }

    @Test
    void aModelsTimelineShowsDriftAsARatioToItsThreshold() {
        TimelineView view = open(Map.of("range", "6h", "kind", "model", "name", "fraud"));

        assertThat(view.rows().get(1).points()).extracting(p -> p.series() + " " + Math.round(p.value() * 100) / 100.0)
                .contains("amount psi 3.1", "amount psi 0.5", "country chi2 0.4");
    }

    @Test
    void withoutANameItAsksForOne() {
        open(Map.of("kind", "team"));

        assertThat(notice("timeline-problem")).isEqualTo("Name a team to see its timeline.");
    }
}
