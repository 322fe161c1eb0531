package dev.fathom.dashboard.cost;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import dev.fathom.dashboard.chart.ChartOption;
import dev.fathom.dashboard.chart.EChart;
import dev.fathom.dashboard.config.DashboardProperties;
import dev.fathom.dashboard.format.UnitFormat;
import dev.fathom.dashboard.layout.MainLayout;
import dev.fathom.dashboard.security.CostScope;
import dev.fathom.dashboard.security.SignedInUser;
import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.dashboard.view.DashboardView;
import dev.fathom.dashboard.view.UrlParameters;
import dev.fathom.dashboard.view.Parallel;
import dev.fathom.dashboard.view.Problems;
import dev.fathom.dashboard.view.Tiles;
import dev.fathom.storage.clickhouse.ClickHouseException;
import jakarta.annotation.security.PermitAll;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cost by team, project or cost centre over the picked period: allocated, used, idle, energy and
 * CO2e, the change against the previous period of equal length, top spenders, cost over time, and
 * the CSV download. A team-bound user sees and exports only their team; asking for another team in
 * the URL shows a refusal, not the data.
 */
@Route(value = "cost", layout = MainLayout.class)
@PageTitle("Cost · Fathom")
@PermitAll
public class CostView extends DashboardView {

    static final int TOP_SPENDERS = 5;

    private final CostReport report;
    private final CostData data;
    private final CostDownload download;
    private final String clickhouseUrl;
    private final SignedInUser user;
    private final Select<CostGrouping> groupBy = new Select<>();
    private final ComboBox<String> team = new ComboBox<>("Team");
    private final Tiles tiles = new Tiles();
    private final EChart topChart = new EChart();
    private final EChart trendChart = new EChart();
    private final Grid<CostRow> grid = new Grid<>();
    private final Anchor downloadLink = new Anchor();
    private final com.vaadin.flow.component.html.Span period = new com.vaadin.flow.component.html.Span();
    private List<CostRow> rows = List.of();
    private TimeRange.Window shown;

    public CostView(CostData data, CostDownload download, DashboardProperties properties, Clock clock) {
        super(clock, "cost");
        this.data = data;
        this.report = new CostReport(data);
        this.download = download;
        this.clickhouseUrl = properties.clickhouse().url();
        this.user = SignedInUser.current();

        groupBy.setId("cost-group-by");
        groupBy.setLabel("Group by");
        groupBy.setItems(CostGrouping.values());
        groupBy.setItemLabelGenerator(g -> g.label);
        groupBy.setValue(CostGrouping.TEAM);
        groupBy.addValueChangeListener(event -> stateChanged());
        team.setId("cost-team");
        team.setClearButtonVisible(true);
        team.setPlaceholder("All teams");
        team.addValueChangeListener(event -> {
            if (event.isFromClient()) {
                stateChanged();
            }
        });
        user.team().ifPresent(bound -> {
            team.setItems(List.of(bound));
            team.setValue(bound);
            team.setReadOnly(true);
            team.setHelperText("You see only your team's cost");
        });
        filters.add(groupBy, team);

        tiles.tile("cost-allocated", "Allocated").tile("cost-used", "Used").tile("cost-idle", "Idle (waste)")
                .tile("cost-change", "vs previous period").tile("cost-energy", "Energy").tile("cost-co2e", "CO2e");

        downloadLink.setId("cost-download");
        downloadLink.add(VaadinIcon.DOWNLOAD.create(), new com.vaadin.flow.component.html.Span(" Download CSV"));
        downloadLink.getElement().setAttribute("download", true);
        downloadLink.setVisible(user.canExport());
        downloadLink.setHref((DownloadHandler) event -> {
            ChargebackExport.Request request = new ChargebackExport.Request(shown, groupBy.getValue(), selectedTeam(), user.name());
            event.setFileName(download.export().fileName(request));
            event.setContentType("text/csv; charset=UTF-8");
            download.write(user, request, event.getRequest().getRemoteAddr(), event.getOutputStream());
        });

        topChart.setId("cost-top-chart");
        topChart.setWidthFull();
        topChart.setHeight("220px");
        trendChart.setId("cost-trend-chart");
        trendChart.setWidthFull();
        trendChart.setHeight("260px");

        grid.setId("cost-grid");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(CostRow::ownerLabel).setKey("owner").setHeader("Owner").setAutoWidth(true).setSortable(true);
        money(grid.addColumn(r -> UnitFormat.money(r.allocated(), r.currency())).setKey("allocated").setHeader("Allocated"));
        money(grid.addColumn(r -> UnitFormat.money(r.used(), r.currency())).setKey("used").setHeader("Used"));
        money(grid.addColumn(r -> UnitFormat.money(r.idle(), r.currency())).setKey("idle").setHeader("Idle"));
        money(grid.addColumn(r -> UnitFormat.change(r.allocated(), r.previous())).setKey("change").setHeader("Change"));
        money(grid.addColumn(r -> UnitFormat.money(r.previous(), r.currency())).setKey("previous").setHeader("Previous period"));
        money(grid.addColumn(r -> UnitFormat.hours(r.gpuHoursAllocated())).setKey("gpuHours").setHeader("GPU hours"));
        money(grid.addColumn(r -> UnitFormat.hours(r.gpuHoursUsed())).setKey("gpuHoursUsed").setHeader("GPU hours used"));
        money(grid.addColumn(r -> UnitFormat.kilowattHours(r.energyKwh())).setKey("energy").setHeader("Energy"));
        money(grid.addColumn(r -> UnitFormat.kilograms(r.co2eKg())).setKey("co2e").setHeader("CO2e"));
        grid.setAllRowsVisible(true);

        period.setId("cost-period");
        period.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        add(tiles, period, downloadLink, new H3("Top spenders"), topChart, new H3("Cost over time"), trendChart,
                new H3("By owner"), grid);
    }

    private static void money(Grid.Column<CostRow> column) {
        column.setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
    }

    private Optional<String> selectedTeam() {
        return Optional.ofNullable(team.getValue()).filter(t -> !t.isEmpty());
    }

    @Override
    protected void readFilters(UrlParameters parameters) {
        groupBy.setValue(CostGrouping.fromParameter(parameters.choice("by", CostGrouping.PARAMETERS, CostGrouping.TEAM.column))
                .orElse(CostGrouping.TEAM));
        String requested = parameters.selection("team");
        if (user.team().isEmpty()) {
            if (requested != null) {
                team.setItems(List.of(requested));
            }
            team.setValue(requested);
        } else if (requested != null && !requested.equals(user.team().get())) {
            // Keep what was asked for, so load() refuses it visibly instead of quietly switching teams.
            team.setItems(List.of(user.team().get(), requested));
            team.setValue(requested);
        }
    }

    @Override
    protected Map<String, String> filterParameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("by", groupBy.getValue() == CostGrouping.TEAM ? null : groupBy.getValue().column);
        parameters.put("team", selectedTeam().orElse(null));
        return parameters;
    }

    @Override
    protected void load(TimeRange.Window picked) {
        // Long windows in whole hours: storage then sums its hourly and daily rollups, not every
        // ledger minute; the download and the previous period use the same window.
        TimeRange.Window window = picked.forCost();
        shown = window;
        period.setText("Period " + window.from() + " – " + window.to() + (window.equals(picked) ? "" : " (whole hours)"));
        CostScope scope = user.costScope();
        Optional<String> requested = selectedTeam();
        if (!scope.allowed()) {
            showNothing("Cost needs the FINANCE or ADMIN role, or a user bound to a team (fathom.users[...].team).");
            return;
        }
        if (!scope.permits(requested)) {
            showNothing("You can only see the cost of team " + scope.team().orElseThrow() + ".");
            return;
        }
        Optional<String> teamFilter = scope.team().or(() -> requested);
        try {
            CostGrouping grouping = groupBy.getValue();
            var teamsRead = Parallel.start(() -> user.team().isEmpty() ? data.teams(window) : List.<String>of());
            var trendRead = Parallel.start(() -> data.overTime(window, window.step(), grouping, teamFilter));
            // On this thread: it runs its two periods on the pool itself (no task waits on another task).
            rows = report.rows(window, grouping, teamFilter);
            if (user.team().isEmpty()) {
                List<String> teams = new ArrayList<>(Parallel.join(teamsRead));
                requested.filter(t -> !teams.contains(t)).ifPresent(teams::add);
                team.setItems(teams);
                team.setValue(requested.orElse(null));
            }
            show(rows, window, Parallel.join(trendRead));
            if (rows.isEmpty()) {
                notice.show(teamFilter.isPresent()
                        ? "No cost for team " + teamFilter.get() + " between " + window.from() + " and " + window.to()
                                + ": the team filter matches nothing in this range."
                        : Problems.emptyRange("cost in the ledger", window));
            }
        } catch (ClickHouseException e) {
            showNothing(Problems.explain(e, clickhouseUrl, "the cost ledger",
                    "No cost yet: the cost ledger table does not exist (are the stream jobs running?)."));
        }
    }

    private void showNothing(String why) {
        rows = List.of();
        grid.setItems(rows);
        tiles.clear();
        topChart.setOption(ChartOption.overTime(shown.from(), shown.to(), "Cost", "").json());
        trendChart.setOption(ChartOption.overTime(shown.from(), shown.to(), "Cost", "").json());
        downloadLink.setEnabled(false);
        notice.show(why);
    }

    private void show(List<CostRow> rows, TimeRange.Window window, List<dev.fathom.storage.query.SeriesPoint> overTime) {
        downloadLink.setEnabled(true);
        grid.setItems(rows);
        String currency = rows.stream().map(CostRow::currency).filter(c -> !c.isEmpty()).findFirst().orElse("");
        BigDecimal allocated = sum(rows, CostRow::allocated);
        tiles.set("cost-allocated", UnitFormat.money(allocated, currency));
        tiles.set("cost-used", UnitFormat.money(sum(rows, CostRow::used), currency));
        tiles.set("cost-idle", UnitFormat.money(sum(rows, CostRow::idle), currency));
        tiles.set("cost-change", UnitFormat.change(allocated, sum(rows, CostRow::previous)));
        tiles.set("cost-energy", UnitFormat.kilowattHours(rows.stream().mapToDouble(CostRow::energyKwh).sum()));
        tiles.set("cost-co2e", UnitFormat.kilograms(rows.stream().mapToDouble(CostRow::co2eKg).sum()));
        topChart.setOption(topSpenders(rows, currency));
        ChartOption trend = ChartOption.overTime(window.from(), window.to(), "Cost per " + label(window), currency);
        trend.lines(overTime, window.step(), v -> v);
        for (var series : trend.series()) {
            // Stacked areas: the top edge is the total, each band an owner's share.
            ((ObjectNode) series).put("stack", "cost").putObject("areaStyle");
        }
        trendChart.setOption(trend.json());
    }

    private static String label(TimeRange.Window window) {
        long minutes = window.step().toMinutes();
        return minutes >= 60 ? (minutes / 60) + " h" : Math.max(1, minutes) + " min";
    }

    private static BigDecimal sum(List<CostRow> rows, java.util.function.Function<CostRow, BigDecimal> value) {
        return rows.stream().map(value).filter(v -> v != null).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** Horizontal bars of the largest owners' allocated cost, used and idle stacked. */
    static String topSpenders(List<CostRow> rows, String currency) {
        List<CostRow> top = new ArrayList<>(rows.stream().limit(TOP_SPENDERS).toList());
        java.util.Collections.reverse(top); // ECharts draws the first category at the bottom
        ChartOption option = ChartOption.overTime(java.time.Instant.EPOCH, java.time.Instant.EPOCH, "", "");
        ObjectNode root = option.root();
        root.putObject("grid").put("left", 16).put("right", 48).put("top", 28).put("bottom", 28).put("containLabel", true);
        root.putObject("tooltip").put("trigger", "axis");
        ObjectNode x = root.putObject("xAxis").put("type", "value").put("name", currency.isEmpty() ? "Cost" : "Cost (" + currency + ")")
                .put("nameLocation", "middle").put("nameGap", 24);
        x.putObject("axisLabel").put("formatter", "{value}");
        ArrayNode owners = root.putObject("yAxis").put("type", "category").putArray("data");
        top.forEach(r -> owners.add(r.ownerLabel()));
        ArrayNode series = root.putArray("series");
        ObjectNode used = series.addObject().put("name", "Used").put("type", "bar").put("stack", "cost");
        ObjectNode idle = series.addObject().put("name", "Idle").put("type", "bar").put("stack", "cost");
        ArrayNode usedData = used.putArray("data");
        ArrayNode idleData = idle.putArray("data");
        for (CostRow r : top) {
            usedData.add(r.used().add(r.unallocated()).setScale(2, java.math.RoundingMode.HALF_EVEN));
            idleData.add(r.idle().setScale(2, java.math.RoundingMode.HALF_EVEN));
        }
        return option.json();
    }

    List<CostRow> rows() {
        return rows;
    }
}
