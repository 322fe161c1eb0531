package dev.fathom.dashboard.slo;

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
import dev.fathom.storage.clickhouse.ClickHouseException;
import dev.fathom.storage.query.SeriesPoint;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every SLO with objective, budget remaining and the four multi-window burn rates (page: 1h/5m,
 * 6h/30m; ticket: 1d/2h, 3d/6h), firing burn-rate alerts, and the selected SLO's budget over time.
 */
@Route(value = "slos", layout = MainLayout.class)
@PageTitle("SLOs · Fathom")
@PermitAll
public class SloView extends DashboardView {

    private final SloData data;
    private final String clickhouseUrl;
    private final TextField team = new TextField("Team");
    private final Grid<SloStatus> grid = new Grid<>();
    private final EChart chart = new EChart();
    private final H3 chartTitle = new H3("Budget");
    private String selectedSlo;
    private TimeRange.Window shown;

    public SloView(SloData data, DashboardProperties properties, Clock clock) {
        super(clock, "slos");
        this.data = data;
        this.clickhouseUrl = properties.clickhouse().url();
        team.setId("slos-team");
        team.setClearButtonVisible(true);
        team.setPlaceholder("All teams");
        team.setValueChangeMode(ValueChangeMode.ON_CHANGE);
        team.addValueChangeListener(event -> stateChanged());
        filters.add(team);

        grid.setId("slos-grid");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(SloStatus::slo).setKey("slo").setHeader("SLO").setAutoWidth(true);
        grid.addColumn(SloStatus::service).setKey("service").setHeader("Service").setAutoWidth(true);
        grid.addColumn(SloStatus::team).setKey("team").setHeader("Team").setAutoWidth(true);
        number(grid.addColumn(s -> UnitFormat.number(s.objective() * 100, 2) + " %").setKey("objective").setHeader("Objective"));
        number(grid.addColumn(s -> UnitFormat.number(s.sli() * 100, 3) + " %").setKey("sli").setHeader("SLI"));
        number(grid.addColumn(s -> UnitFormat.number(s.budgetRemaining() * 100, 1) + " %").setKey("budget").setHeader("Budget left"));
        number(grid.addColumn(s -> pair(s.burn1h(), s.burn5m())).setKey("burnPage1").setHeader("Burn 1h / 5m"));
        number(grid.addColumn(s -> pair(s.burn6h(), s.burn30m())).setKey("burnPage2").setHeader("Burn 6h / 30m"));
        number(grid.addColumn(s -> pair(s.burn1d(), s.burn2h())).setKey("burnTicket1").setHeader("Burn 1d / 2h"));
        number(grid.addColumn(s -> pair(s.burn3d(), s.burn6h())).setKey("burnTicket2").setHeader("Burn 3d / 6h"));
        grid.addColumn(s -> s.firing().isEmpty() ? "" : String.join(", ", s.firing())).setKey("firing").setHeader("Firing").setAutoWidth(true);
        grid.setAllRowsVisible(true);
        grid.addItemClickListener(click -> {
            selectedSlo = click.getItem().slo();
            stateChanged();
        });

        chart.setId("slos-chart");
        chart.setWidthFull();
        chart.setHeight("300px");
        add(grid, chartTitle, chart);
    }

    private static String pair(double longWindow, double shortWindow) {
        return UnitFormat.number(longWindow, 2) + " / " + UnitFormat.number(shortWindow, 2);
    }

    private static void number(Grid.Column<SloStatus> column) {
        column.setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
    }

    @Override
    protected void readFilters(UrlParameters parameters) {
        team.setValue(parameters.text("team"));
        selectedSlo = parameters.selection("slo");
    }

    @Override
    protected Map<String, String> filterParameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("team", team.getValue());
        parameters.put("slo", selectedSlo);
        return parameters;
    }

    @Override
    protected void load(TimeRange.Window window) {
        shown = window;
        Optional<String> teamFilter = Optional.of(team.getValue().trim()).filter(t -> !t.isEmpty());
        try {
            List<SloStatus> slos = data.latest(window, teamFilter);
            grid.setItems(slos);
            if (slos.isEmpty()) {
                notice.show(teamFilter.map(t -> "No SLO of team " + t + ": the team filter matches nothing.")
                        .orElse("No SLO evaluations up to " + window.to() + ": are SLOs defined and the stream jobs running?"));
                chart.setOption(ChartOption.overTime(window.from(), window.to(), "Budget left", "%").json());
                return;
            }
            SloStatus selected = slos.stream().filter(s -> s.slo().equals(selectedSlo)).findFirst().orElse(slos.get(0));
            grid.select(selected);
            chartTitle.setText("Budget and burn rates: " + selected.slo());
            chart.setOption(budgetChart(data.history(selected.slo(), window, window.step()), window));
        } catch (ClickHouseException e) {
            grid.setItems(List.of());
            notice.show(Problems.explain(e, clickhouseUrl, "SLO status",
                    "No SLO status yet: the slo_status table does not exist (are the stream jobs running?)."));
        }
    }

    /** Budget left (%) on the left axis; the four long-window burn rates on the right, with the page threshold 14.4. */
    static String budgetChart(List<SeriesPoint> history, TimeRange.Window window) {
        ChartOption option = ChartOption.overTime(window.from(), window.to(), "Budget left", "%");
        ((com.fasterxml.jackson.databind.node.ArrayNode) option.root().get("yAxis")).add(ChartOption.valueAxis("Burn rate", "×"));
        option.root().with("grid").put("right", 64);
        List<SeriesPoint> budget = history.stream().filter(p -> p.series().equals("budget")).toList();
        option.lines(budget, window.step(), v -> v * 100);
        for (String burn : List.of("burn 1h", "burn 6h", "burn 1d", "burn 3d")) {
            int before = option.series().size();
            option.lines(history.stream().filter(p -> p.series().equals(burn)).toList(), window.step(), v -> v);
            for (int i = before; i < option.series().size(); i++) {
                ((ObjectNode) option.series().get(i)).put("yAxisIndex", 1);
            }
        }
        if (option.series().size() > 1) {
            ObjectNode line = ((ObjectNode) option.series().get(1)).putObject("markLine");
            line.put("symbol", "none").putArray("data").addObject().put("yAxis", 14.4).put("name", "page 14.4×");
        }
        return option.json();
    }
}
