package dev.fathom.dashboard.drift;

import static dev.fathom.dashboard.ViewTesting.chart;
import static dev.fathom.dashboard.ViewTesting.notice;
import static dev.fathom.dashboard.ViewTesting.rows;
import static dev.fathom.dashboard.ViewTesting.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.dashboard.KnownData;
import dev.fathom.dashboard.SeededViews;
import dev.fathom.dashboard.ViewTesting;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DriftViewTest {

    @RegisterExtension
    static final SeededViews views = new SeededViews("drift_view_test", KnownData::writeDrift);

    void open(Map<String, String> parameters) {
        views.open(new DriftView(new ClickHouseDriftData(views.clickhouse()), views.properties(), ViewTesting.CLOCK), parameters);
    }

    @Test
    void driftingFeaturesComeFirstWithTheirLatestValueAndTheChartShowsValueAgainstThreshold() {
        open(Map.of("range", "6h"));

        assertThat(text("drift-drifting")).isEqualTo("1");
        assertThat(rows("drift-grid", "state", "model", "feature", "method", "value", "threshold")).containsExactly(
                List.of("drifting", "fraud", "amount", "psi", "0.3100", "0.1000"),
                List.of("ok", "fraud", "country", "chi2", "0.0200", "0.0500"));
        JsonNode option = chart("drift-chart");
        assertThat(option.get("series").findValuesAsText("name")).containsExactly("psi", "psi threshold");
        assertThat(option.at("/series/1/lineStyle/type").asText()).isEqualTo("dashed");
    }

    @Test
    void anUnknownModelSaysTheFilterMatchesNothing() {
        open(Map.of("range", "6h", "model", "churn"));

        assertThat(notice("drift-problem")).isEqualTo("No drift results for model churn in this range: the model filter matches nothing.");
        assertThat(rows("drift-grid", "model")).isEmpty();
    }

    @Test
    void anEmptyRangeSaysSo() {
        open(Map.of("from", "2026-01-01T00:00:00Z", "to", "2026-01-02T00:00:00Z"));

        assertThat(notice("drift-problem")).isEqualTo("No drift results between 2026-01-01T00:00:00Z and 2026-01-02T00:00:00Z: pick a longer time range.");
    }
}
