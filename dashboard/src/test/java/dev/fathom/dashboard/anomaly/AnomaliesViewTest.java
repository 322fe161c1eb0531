package dev.fathom.dashboard.anomaly;

import static dev.fathom.dashboard.ViewTesting.chart;
import static dev.fathom.dashboard.ViewTesting.notice;
import static dev.fathom.dashboard.ViewTesting.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.dashboard.KnownData;
import dev.fathom.dashboard.SeededViews;
import dev.fathom.dashboard.ViewTesting;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AnomaliesViewTest {

    @RegisterExtension
    static final SeededViews views = new SeededViews("anomalies_view_test", KnownData::writeAnomalies);

    AnomaliesView open(Map<String, String> parameters) {
        return views.open(new AnomaliesView(new ClickHouseAnomalyData(views.clickhouse()), views.properties(), ViewTesting.CLOCK),
                parameters);
    }

    @Test
    void listsAnomaliesByScoreAndChartsTheTopSeriesWithItsBandAndMarker() {
        open(Map.of("range", "1h"));

        assertThat(rows("anomalies-grid", "score", "time", "series", "value", "expected")).containsExactly(
                List.of("0.970", "2026-11-29 11:40:00", "gpu.temperature{host=node-a, gpu.index=1}", "93.00", "60.00 … 75.00"),
                List.of("0.600", "2026-11-29 11:41:00", "gpu.power.draw{host=node-b, gpu.index=0}", "20.00", "300.00 … 450.00"));
        JsonNode option = chart("anomalies-chart");
        List<String> series = new java.util.ArrayList<>();
        option.get("series").forEach(s -> series.add(s.get("name").asText()));
        assertThat(series).containsExactly("gpu.temperature", "anomaly");
        long at = java.time.Instant.parse("2026-11-29T11:40:00Z").toEpochMilli();
        assertThat(option.at("/series/1/data/0").toString()).isEqualTo("[" + at + ",93.0]");
        // The expected range 60..75 shaded around the anomaly (30 s either side on a 1 h chart).
        assertThat(option.at("/series/1/markArea/data/0/0/yAxis").asDouble()).isEqualTo(60.0);
        assertThat(option.at("/series/1/markArea/data/0/1/yAxis").asDouble()).isEqualTo(75.0);
        assertThat(option.at("/series/1/markArea/data/0/1/xAxis").asLong() - option.at("/series/1/markArea/data/0/0/xAxis").asLong())
                .isEqualTo(60_000);
        // The series itself: 68 °C around the one 93 °C point.
        List<Double> values = new java.util.ArrayList<>();
        option.at("/series/0/data").forEach(p -> {
            if (p.get(1).isNumber()) {
                values.add(p.get(1).asDouble());
            }
        });
        assertThat(values).contains(93.0, 68.0).doesNotContain(0.0);
    }

    @Test
    void filtersByHostAndScoreAndKeepThemInTheUrl() {
        AnomaliesView view = open(Map.of("range", "1h", "host", "node-b"));
        assertThat(rows("anomalies-grid", "score")).containsExactly(List.of("0.600"));

        open(Map.of("range", "1h", "minScore", "0.9"));
        assertThat(rows("anomalies-grid", "score")).containsExactly(List.of("0.970"));

        assertThat(view.parameters()).containsEntry("host", "node-b");
        open(Map.of("range", "1h", "host", "node-b", "minScore", "0.9"));
        assertThat(notice("anomalies-problem")).isEqualTo("No anomalies match the filter in this range: clear a filter or lower the score.");
    }

    @Test
    void aDeepLinkOpensTheNamedSeries() {
        open(Map.of("range", "1h", "series", "gpu.power.draw|node-b|77"));

        JsonNode option = chart("anomalies-chart");
        assertThat(option.at("/yAxis/0/name").asText()).isEqualTo("gpu.power.draw");
        assertThat(option.at("/series/0/data/0/1").asDouble()).isEqualTo(20.0);
    }
}
