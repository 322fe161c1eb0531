package dev.fathom.dashboard.node;

import static dev.fathom.dashboard.ViewTesting.notice;
import static dev.fathom.dashboard.ViewTesting.rows;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.dashboard.KnownData;
import dev.fathom.dashboard.SeededViews;
import dev.fathom.dashboard.ViewTesting;
import dev.fathom.model.MetricNames;
import dev.fathom.storage.query.FleetQueries;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class NodeViewTest {

    @RegisterExtension
    static final SeededViews views = new SeededViews("node_view_test", (clickhouse, now) -> {
        KnownData.writeFleet(clickhouse, now);
        KnownData.writeHost(clickhouse, now);
    });

    NodeView open(Map<String, String> parameters) {
        return views.open(new NodeView(new ClickHouseNodeData(views.clickhouse()), new FleetQueries(views.clickhouse()), views.properties(),
                ViewTesting.CLOCK), parameters);
    }

    @Test
    void showsTheHostsGpusAndAChartPerMetricWithCountersAsRates() throws Exception {
        NodeView view = open(Map.of("range", "15m", "host", "node-a"));

        assertThat(rows("node-gpus", "host", "index", "utilization")).containsExactly(List.of("node-a", "0", "60 %"), List.of("node-a", "1", "100 %"));
        assertThat(view.charts().keySet()).contains(MetricNames.GPU_UTILIZATION, MetricNames.GPU_POWER_DRAW, MetricNames.NETWORK_IO);
        JsonNode network = new ObjectMapper().readTree(view.charts().get(MetricNames.NETWORK_IO).getOption());
        assertThat(network.at("/yAxis/0/name").asText()).isEqualTo("system.network.io rate (MiB/s)");
        assertThat(network.at("/series/0/name").asText()).isEqualTo("eth0 receive");
        network.at("/series/0/data").forEach(point -> {
            if (point.get(1).isNumber()) {
                assertThat(point.get(1).asDouble()).isEqualTo(1.0);
            }
        });
        JsonNode utilization = new ObjectMapper().readTree(view.charts().get(MetricNames.GPU_UTILIZATION).getOption());
        assertThat(utilization.at("/yAxis/0/name").asText()).isEqualTo("gpu.utilization (%)");
        assertThat(utilization.get("series").findValuesAsText("name")).containsExactly("GPU 0", "GPU 1");
    }

    @Test
    void withoutAHostTheFirstOneIsShownAndAnUnknownHostIsExplained() {
        NodeView view = open(Map.of("range", "15m"));
        assertThat(view.parameters()).containsEntry("host", "node-a");
        assertThat(rows("node-gpus", "host")).first().isEqualTo(List.of("node-a"));

        open(Map.of("range", "15m", "host", "node-z"));
        assertThat(notice("node-problem")).isEqualTo("Host node-z reported nothing between 2026-11-29T11:45:00Z and 2026-11-29T12:00:00Z:"
                + " check the host name or pick a longer range.");
    }
}
