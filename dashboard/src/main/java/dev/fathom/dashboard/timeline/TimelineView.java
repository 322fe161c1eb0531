package dev.fathom.dashboard.timeline;

import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.fathom.dashboard.chart.EChart;
import dev.fathom.dashboard.config.DashboardProperties;
import dev.fathom.dashboard.layout.MainLayout;
import dev.fathom.dashboard.security.SignedInUser;
import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.dashboard.view.DashboardView;
import dev.fathom.dashboard.view.UrlParameters;
import dev.fathom.dashboard.view.Problems;
import dev.fathom.storage.clickhouse.ClickHouseException;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * For one node, team or model: anomalies, drift, SLO burn, alerts and cost on one shared time
 * axis, so cause and cost line up. Alerts' Slack messages link here
 * ({@code /timeline?kind=node&name=node-1&from=...&to=...}).
 */
@Route(value = "timeline", layout = MainLayout.class)
@PageTitle("Timeline · Fathom")
@PermitAll
public class TimelineView extends DashboardView {

    private final TimelineLoader loader;
    private final String clickhouseUrl;
    private final SignedInUser user;
    private final Select<TimelineSubject> kind = new Select<>();
    private final TextField name = new TextField("Name");
    private final EChart chart = new EChart();
    private List<TimelineRow> rows = List.of();

    public TimelineView(TimelineLoader loader, DashboardProperties properties, Clock clock) {
        super(clock, "timeline");
        this.loader = loader;
        this.clickhouseUrl = properties.clickhouse().url();
        this.user = SignedInUser.current();
        kind.setId("timeline-kind");
        kind.setLabel("For");
        kind.setItems(TimelineSubject.values());
        kind.setItemLabelGenerator(s -> s.label);
        kind.setValue(TimelineSubject.NODE);
        kind.addValueChangeListener(event -> stateChanged());
        name.setId("timeline-name");
        name.setPlaceholder("node-1, team-ml, fraud-model");
        name.setValueChangeMode(ValueChangeMode.ON_CHANGE);
        name.addValueChangeListener(event -> stateChanged());
        filters.add(kind, name);
        chart.setId("timeline-chart");
        chart.setWidthFull();
        chart.setHeight(TimelineChart.height(5) + "px");
        add(chart);
    }

    @Override
    protected void readFilters(UrlParameters parameters) {
        kind.setValue(TimelineSubject.fromParameter(parameters.choice("kind", TimelineSubject.PARAMETERS, TimelineSubject.NODE.parameter))
                .orElse(TimelineSubject.NODE));
        name.setValue(parameters.text("name"));
    }

    @Override
    protected Map<String, String> filterParameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("kind", kind.getValue().parameter);
        parameters.put("name", name.getValue());
        return parameters;
    }

    @Override
    protected void load(TimeRange.Window window) {
        String subject = name.getValue().trim();
        if (subject.isEmpty()) {
            rows = List.of();
            chart.setOption(TimelineChart.option(rows, window));
            notice.show("Name a " + kind.getValue().label.toLowerCase() + " to see its timeline.");
            return;
        }
        try {
            rows = loader.load(kind.getValue(), subject, window, user.costScope());
            chart.setOption(TimelineChart.option(rows, window));
            if (rows.stream().allMatch(r -> r.points().isEmpty())) {
                notice.show("Nothing recorded for " + kind.getValue().label.toLowerCase() + " " + subject + " between "
                        + window.from() + " and " + window.to() + ": check the name or pick a longer range.");
            }
        } catch (ClickHouseException e) {
            rows = List.of();
            chart.setOption(TimelineChart.option(rows, window));
            notice.show(Problems.explain(e, clickhouseUrl, "the timeline",
                    "Not all tables exist yet (anomalies, drift, SLO, alerts, cost): are the stream jobs and alerts service running?"));
        }
    }

    List<TimelineRow> rows() {
        return rows;
    }
}
