package dev.fathom.dashboard;

import static com.github.mvysny.kaributesting.v10.LocatorJ._get;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.mvysny.kaributesting.v10.GridKt;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import dev.fathom.dashboard.chart.EChart;
import dev.fathom.dashboard.config.DashboardProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.IntStream;

/** Small helpers for browserless (Karibu) view tests. */
public final class ViewTesting {

    public static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private ViewTesting() {}

    public static DashboardProperties properties(String clickhouseUrl) {
        return new DashboardProperties(new DashboardProperties.ClickHouse(clickhouseUrl, "fathom"), null, List.of(), "target/test-data",
                new DashboardProperties.Alerts("http://127.0.0.1:9"));
    }

    /** The text of a visible span (tile value) by id. */
    public static String text(String id) {
        return _get(Span.class, spec -> spec.withId(id)).getText();
    }

    /** The notice line's text, or null when it is hidden (Karibu finds visible components only). */
    public static String notice(String id) {
        List<Paragraph> found = com.github.mvysny.kaributesting.v10.LocatorJ._find(Paragraph.class, spec -> spec.withId(id));
        return found.isEmpty() ? null : found.get(0).getText();
    }

    /** Every row of a grid as the formatted cells of the given columns. */
    @SuppressWarnings("unchecked")
    public static List<List<String>> rows(String gridId, String... keys) {
        Grid<Object> grid = _get(Grid.class, spec -> spec.withId(gridId));
        return IntStream.range(0, GridKt._size(grid))
                .mapToObj(i -> List.of(keys).stream().map(key -> GridKt._getFormatted(grid, i, key)).toList())
                .toList();
    }

    public static JsonNode chart(String id) {
        try {
            return new ObjectMapper().readTree(_get(EChart.class, spec -> spec.withId(id)).getOption());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
