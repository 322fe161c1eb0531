package dev.fathom.dashboard.slo;

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

class SloViewTest {

    @RegisterExtension
    static final SeededViews views = new SeededViews("slo_view_test", KnownData::writeSlos);

    SloView open(Map<String, String> parameters) {
        return views.open(new SloView(new ClickHouseSloData(views.clickhouse()), views.properties(), ViewTesting.CLOCK), parameters);
    }

    @Test
    void listsEverySloWithTheLeastBudgetFirstAndItsFourBurnRates() {
        open(Map.of("range", "6h"));

        assertThat(rows("slos-grid", "slo", "team", "objective", "budget", "burnPage1", "burnPage2", "burnTicket1", "burnTicket2", "firing"))
                .containsExactly(
                        List.of("inference-availability", "ml", "99.90 %", "42.0 %", "15.20 / 16.00", "6.50 / 7.00", "3.10 / 5.00", "1.20 / 6.50", "page"),
                        List.of("search-latency", "search", "99.00 %", "95.0 %", "0.20 / 0.10", "0.30 / 0.10", "0.30 / 0.20", "0.40 / 0.30", ""));
        JsonNode option = chart("slos-chart");
        assertThat(option.at("/yAxis/0/name").asText()).isEqualTo("Budget left (%)");
        assertThat(option.at("/series/0/name").asText()).isEqualTo("budget");
        List<Double> budget = new java.util.ArrayList<>();
        option.at("/series/0/data").forEach(point -> {
            if (point.get(1).isNumber()) {
                budget.add(point.get(1).asDouble());
            }
        });
        assertThat(budget).containsExactly(60.0, 42.0);
        assertThat(option.at("/series/1/markLine/data/0/yAxis").asDouble()).isEqualTo(14.4);
    }

    @Test
    void aTeamFilterAndADeepLinkToOneSloKeepTheirState() {
        SloView view = open(Map.of("range", "6h", "team", "search", "slo", "search-latency"));

        assertThat(rows("slos-grid", "slo")).containsExactly(List.of("search-latency"));
        assertThat(view.parameters()).containsEntry("team", "search").containsEntry("slo", "search-latency");
    }

    @Test
    void aTeamWithoutSlosSaysTheFilterMatchesNothing() {
        open(Map.of("team", "nobody"));

        assertThat(notice("slos-problem")).isEqualTo("No SLO of team nobody: the team filter matches nothing.");
    }
}
