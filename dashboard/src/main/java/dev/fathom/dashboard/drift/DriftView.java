package dev.fathom.dashboard.drift;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.fathom.dashboard.chart.ChartOption;
import dev.fathom.dashboard.chart.EChart;
import dev.fathom.dashboard.config.DashboardProperties;
import dev.fathom.dashboard.format.UnitFormat;
import dev.fathom.dashboard.layout.MainLayout;
import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.dashboard.view.DashboardView;
import dev.fathom.dashboard.view.UrlParameters;
import dev.fathom.dashboard.view.Problems;
import dev.fathom.dashboard.view.Tiles;
import dev.fathom.storage.clickhouse.ClickHouseException;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Model drift: per model and feature, each method's latest statistic against its threshold, the
 * features drifting now first; the selected feature's methods over time with their thresholds.
 */
@Route(value = "drift", layout = MainLayout.class)
@PageTitle("Model drift · Fathom")
@PermitAll
public class DriftView extends DashboardView {

    private final DriftData data;
    private final String clickhouseUrl;
    private final TextField model = new TextField("Model");
    private final Tiles tiles = new Tiles();
    private final Grid<DriftResult> grid = new Grid<>();
    private final H3 chartTitle = new H3("Drift over time");
    private final EChart chart = new EChart();
    private String selectedModel;
    private String selectedFeature;

    public DriftView(DriftData data, DashboardProperties properties, Clock clock) {
        super(clock, "drift");
        this.data = data;
        this.clickhouseUrl = properties.clickhouse().url();
        model.setId("drift-model");
        model.setClearButtonVisible(true);
        model.setPlaceholder("All models");
        model.setValueChangeMode(ValueChangeMode.ON_CHANGE);
        model.addValueChangeListener(event -> stateChanged());
        filters.add(model);
        tiles.tile("drift-drifting", "Drifting now").tile("drift-checked", "Feature × method checks");

        grid.setId("drift-grid");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(r -> r.drifted() ? "drifting" : "ok").setKey("state").setHeader("State").setAutoWidth(true);
        grid.addColumn(DriftResult::model).setKey("model").setHeader("Model").setAutoWidth(true);
        grid.addColumn(DriftResult::modelVersion).setKey("version").setHeader("Version").setAutoWidth(true);
        grid.addColumn(DriftResult::feature).setKey("feature").setHeader("Feature").setAutoWidth(true);
        grid.addColumn(DriftResult::method).setKey("method").setHeader("Method").setAutoWidth(true);
        grid.addColumn(r -> UnitFormat.number(r.value(), 4)).setKey("value").setHeader("Value").setTextAlign(ColumnTextAlign.END);
        grid.addColumn(r -> UnitFormat.number(r.threshold(), 4)).setKey("threshold").setHeader("Threshold").setTextAlign(ColumnTextAlign.END);
        grid.addColumn(r -> UnitFormat.count(r.sampleSize())).setKey("samples").setHeader("Samples").setTextAlign(ColumnTextAlign.END);
        grid.addColumn(r -> UnitFormat.time(r.evaluated())).setKey("evaluated").setHeader("Evaluated (UTC)").setAutoWidth(true);
        grid.setPartNameGenerator(r -> r.drifted() ? "drifting" : null);
        grid.setHeight("360px");
        grid.addItemClickListener(click -> {
            selectedModel = click.getItem().model();
            selectedFeature = click.getItem().feature();
            stateChanged();
        });
        chart.setId("drift-chart");
        chart.setWidthFull();
        chart.setHeight("300px");
        add(tiles, grid, chartTitle, chart);
    }

    @Override
    protected void readFilters(UrlParameters parameters) {
        model.setValue(parameters.text("model"));
        selectedModel = parameters.selection("chartModel");
        selectedFeature = parameters.selection("feature");
    }

    @Override
    protected Map<String, String> filterParameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("model", model.getValue());
        parameters.put("chartModel", selectedModel);
        parameters.put("feature", selectedFeature);
        return parameters;
    }

    @Override
    protected void load(TimeRange.Window window) {
        Optional<String> modelFilter = Optional.of(model.getValue().trim()).filter(m -> !m.isEmpty());
        try {
            List<DriftResult> results = data.latest(window, modelFilter);
            grid.setItems(results);
            tiles.set("drift-drifting", UnitFormat.count(results.stream().filter(DriftResult::drifted).count()));
            tiles.set("drift-checked", UnitFormat.count(results.size()));
            if (results.isEmpty()) {
                notice.show(modelFilter.map(m -> "No drift results for model " + m + " in this range: the model filter matches nothing.")
                        .orElse(Problems.emptyRange("drift results", window)));
                chart.setOption(ChartOption.overTime(window.from(), window.to(), "Statistic", "").json());
                return;
            }
            DriftResult selected = results.stream()
                    .filter(r -> r.model().equals(selectedModel) && r.feature().equals(selectedFeature))
                    .findFirst().orElse(results.get(0));
            chartTitle.setText("Drift over time: " + selected.model() + " / " + selected.feature());
            ChartOption option = ChartOption.overTime(window.from(), window.to(), "Statistic", "");
            option.lines(data.history(selected.model(), selected.feature(), window, window.step()), window.step(), v -> v);
            option.series().forEach(s -> {
                if (s.get("name").asText().endsWith(" threshold")) {
                    ((ObjectNode) s).putObject("lineStyle").put("type", "dashed");
                }
            });
            chart.setOption(option.json());
        } catch (ClickHouseException e) {
            grid.setItems(List.of());
            tiles.clear();
            notice.show(Problems.explain(e, clickhouseUrl, "drift results",
                    "No drift results yet: the drift_results table does not exist (is the drift job running?)."));
        }
    }
}
