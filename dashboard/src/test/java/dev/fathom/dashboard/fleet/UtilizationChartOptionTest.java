package dev.fathom.dashboard.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.storage.query.SeriesPoint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class UtilizationChartOptionTest {

    static final Instant T0 = Instant.parse("2026-11-29T12:00:00Z");

    @Test
    void oneLinePerHostInPercentWithAGapWhereAStepIsMissing() throws Exception {
        List<SeriesPoint> points = List.of(
                new SeriesPoint("node-a", T0, 0.5),
                new SeriesPoint("node-a", T0.plusSeconds(15), 0.6254),
                new SeriesPoint("node-a", T0.plusSeconds(60), 1.0),
                new SeriesPoint("node-b", T0, 0.0));

        JsonNode option = new ObjectMapper().readTree(UtilizationChartOption.toJson(
                points, T0.minusSeconds(60), T0.plusSeconds(60), Duration.ofSeconds(15)));

        assertThat(option.at("/xAxis/type").asText()).isEqualTo("time");
        assertThat(option.at("/xAxis/min").asLong()).isEqualTo(T0.minusSeconds(60).toEpochMilli());
        assertThat(option.at("/yAxis/max").asInt()).isEqualTo(100);
        JsonNode series = option.get("series");
        assertThat(series).hasSize(2);
        assertThat(series.get(0).get("name").asText()).isEqualTo("node-a");
        assertThat(series.get(0).get("data").toString()).isEqualTo("[[%d,50.0],[%d,62.5],[%d,\"-\"],[%d,100.0]]".formatted(
                T0.toEpochMilli(), T0.plusSeconds(15).toEpochMilli(), T0.plusSeconds(30).toEpochMilli(), T0.plusSeconds(60).toEpochMilli()));
        assertThat(series.get(1).get("name").asText()).isEqualTo("node-b");
        assertThat(series.get(1).get("data").toString()).isEqualTo("[[%d,0.0]]".formatted(T0.toEpochMilli()));
    }

    @Test
    void noPointsIsAnEmptyChartNotAnError() throws Exception {
        JsonNode option = new ObjectMapper().readTree(UtilizationChartOption.toJson(List.of(), T0, T0, Duration.ofSeconds(15)));

        assertThat(option.get("series")).isEmpty();
    }
}
