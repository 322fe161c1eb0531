package dev.fathom.dashboard.alert;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinRequest;
import dev.fathom.dashboard.config.DashboardProperties;
import dev.fathom.dashboard.format.UnitFormat;
import dev.fathom.dashboard.layout.MainLayout;
import dev.fathom.dashboard.security.AuditLog;
import dev.fathom.dashboard.security.SignedInUser;
import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.dashboard.view.DashboardView;
import dev.fathom.dashboard.view.UrlParameters;
import dev.fathom.dashboard.view.Notice;
import dev.fathom.dashboard.view.Problems;
import dev.fathom.dashboard.view.Tiles;
import dev.fathom.storage.clickhouse.ClickHouseException;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Firing alerts, the history of state changes and notifications (Slack, PagerDuty, webhooks), and
 * silences made and expired through the alerts service's Alertmanager API v2 (SRE and ADMIN only;
 * every change written to the audit log).
 */
@Route(value = "alerts", layout = MainLayout.class)
@PageTitle("Alerts · Fathom")
@PermitAll
public class AlertsView extends DashboardView {

    static final Map<String, Duration> SILENCE_DURATIONS = Map.of("1h", Duration.ofHours(1), "2h", Duration.ofHours(2),
            "4h", Duration.ofHours(4), "24h", Duration.ofHours(24), "7d", Duration.ofDays(7));

    private final AlertData data;
    private final AlertsApi api;
    private final AuditLog audit;
    private final String clickhouseUrl;
    private final SignedInUser user;
    private final Tiles tiles = new Tiles();
    private final Grid<AlertEvent> firing = new Grid<>();
    private final Grid<AlertEvent> history = new Grid<>();
    private final Grid<AlertNotification> notifications = new Grid<>();
    private final Grid<Silence> silences = new Grid<>();
    private final Notice silenceNotice = new Notice("silence-problem");
    private final TextField matchers = new TextField("Matchers");
    private final Select<String> duration = new Select<>();
    private final TextField comment = new TextField("Comment");
    private final Button create = new Button("Create silence");

    public AlertsView(AlertData data, AlertsApi api, AuditLog audit, DashboardProperties properties, Clock clock) {
        super(clock, "alerts");
        this.data = data;
        this.api = api;
        this.audit = audit;
        this.clickhouseUrl = properties.clickhouse().url();
        this.user = SignedInUser.current();

        tiles.tile("alerts-firing-count", "Firing now").tile("alerts-event-count", "State changes in range")
                .tile("alerts-notification-count", "Notifications in range");

        firing.setId("alerts-firing");
        eventColumns(firing, false);
        firing.setAllRowsVisible(true);
        firing.addItemClickListener(click -> matchers.setValue("alertname=" + click.getItem().alertname()
                + click.getItem().labels().entrySet().stream().filter(e -> !e.getKey().equals("alertname"))
                        .map(e -> ", " + e.getKey() + "=" + e.getValue()).collect(Collectors.joining())));

        history.setId("alerts-history");
        eventColumns(history, true);
        history.setHeight("320px");

        notifications.setId("alerts-notifications");
        notifications.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        notifications.addColumn(n -> UnitFormat.time(n.time())).setKey("time").setHeader("Time (UTC)").setAutoWidth(true);
        notifications.addColumn(AlertNotification::receiver).setKey("receiver").setHeader("Receiver").setAutoWidth(true);
        notifications.addColumn(AlertNotification::integration).setKey("integration").setHeader("Integration").setAutoWidth(true);
        notifications.addColumn(n -> n.firing() ? "firing" : "resolved").setKey("kind").setHeader("Group").setAutoWidth(true);
        notifications.addColumn(AlertNotification::status).setKey("status").setHeader("Outcome").setAutoWidth(true);
        notifications.addColumn(AlertNotification::attempt).setKey("attempt").setHeader("Attempt").setAutoWidth(true);
        notifications.addColumn(n -> n.httpStatus() == 0 ? UnitFormat.MISSING : Integer.toString(n.httpStatus()))
                .setKey("http").setHeader("HTTP").setAutoWidth(true);
        notifications.addColumn(AlertNotification::error).setKey("error").setHeader("Error").setFlexGrow(1);
        notifications.setHeight("280px");

        silences.setId("alerts-silences");
        silences.addThemeVariants(GridVariant.LUMO_COMPACT);
        silences.addColumn(Silence::state).setKey("state").setHeader("State").setAutoWidth(true);
        silences.addColumn(s -> s.matchers().stream().map(Silence.Matcher::toString).collect(Collectors.joining(", ")))
                .setKey("matchers").setHeader("Matchers").setFlexGrow(1);
        silences.addColumn(s -> UnitFormat.time(s.endsAt())).setKey("ends").setHeader("Ends (UTC)").setAutoWidth(true);
        silences.addColumn(Silence::createdBy).setKey("createdBy").setHeader("By").setAutoWidth(true);
        silences.addColumn(Silence::comment).setKey("comment").setHeader("Comment").setAutoWidth(true);
        if (user.canSilence()) {
            silences.addComponentColumn(s -> {
                Button expire = new Button("Expire", click -> expire(s));
                expire.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_ERROR);
                expire.setEnabled(!"expired".equals(s.state()));
                return expire;
            }).setKey("expire").setHeader("").setAutoWidth(true);
        }
        silences.setAllRowsVisible(true);

        matchers.setId("silence-matchers");
        matchers.setPlaceholder("alertname=GpuHot, host=node-1");
        matchers.setWidth("24em");
        duration.setId("silence-duration");
        duration.setLabel("For");
        duration.setItems("1h", "2h", "4h", "24h", "7d");
        duration.setValue("2h");
        comment.setId("silence-comment");
        create.setId("silence-create");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(click -> createSilence());
        HorizontalLayout form = new HorizontalLayout(matchers, duration, comment, create);
        form.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        form.setVisible(user.canSilence());

        add(tiles, new H3("Firing now"), firing, new H3("Silences"), silenceNotice, form, silences,
                new H3("State changes"), history, new H3("Notifications"), notifications);
    }

    private static void eventColumns(Grid<AlertEvent> grid, boolean withStatus) {
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(e -> UnitFormat.time(withStatus ? e.time() : e.startsAt())).setKey("time")
                .setHeader(withStatus ? "Time (UTC)" : "Since (UTC)").setAutoWidth(true);
        grid.addColumn(AlertEvent::alertname).setKey("alertname").setHeader("Alert").setAutoWidth(true);
        if (withStatus) {
            grid.addColumn(AlertEvent::status).setKey("status").setHeader("Status").setAutoWidth(true);
        }
        grid.addColumn(AlertEvent::severity).setKey("severity").setHeader("Severity").setAutoWidth(true);
        grid.addColumn(AlertEvent::labelText).setKey("labels").setHeader("Labels").setFlexGrow(1);
        grid.addColumn(AlertEvent::summary).setKey("summary").setHeader("Summary").setFlexGrow(1);
    }

    @Override
    protected void readFilters(UrlParameters parameters) {}

    @Override
    protected Map<String, String> filterParameters() {
        return new LinkedHashMap<>();
    }

    @Override
    protected void load(TimeRange.Window window) {
        try {
            List<AlertEvent> now = data.firing(window);
            int events = data.countEvents(window);
            int sent = data.countNotifications(window);
            firing.setItems(now);
            tiles.set("alerts-firing-count", UnitFormat.count(now.size()));
            tiles.set("alerts-event-count", UnitFormat.count(events));
            tiles.set("alerts-notification-count", UnitFormat.count(sent));
            history.setItems(query -> data.events(window, query.getOffset(), query.getLimit()).stream(), query -> events);
            notifications.setItems(query -> data.notifications(window, query.getOffset(), query.getLimit()).stream(), query -> sent);
            if (events == 0 && now.isEmpty()) {
                notice.show(Problems.emptyRange("alerts", window));
            }
        } catch (ClickHouseException e) {
            firing.setItems(List.of());
            history.setItems(List.of());
            notifications.setItems(List.of());
            tiles.clear();
            notice.show(Problems.explain(e, clickhouseUrl, "the alert history",
                    "No alert history yet: the alert_events table does not exist (is the alerts service running?)."));
        }
        loadSilences();
    }

    private void loadSilences() {
        try {
            silences.setItems(api.silences());
            silenceNotice.clear();
        } catch (AlertsApi.AlertsApiException e) {
            silences.setItems(List.of());
            silenceNotice.show(e.getMessage());
        }
    }

    void createSilence() {
        if (!user.canSilence()) {
            silenceNotice.show("Silences need the SRE or ADMIN role.");
            return;
        }
        List<Silence.Matcher> parsed;
        try {
            parsed = Silence.parseMatchers(matchers.getValue());
        } catch (IllegalArgumentException e) {
            silenceNotice.show(e.getMessage());
            return;
        }
        Instant start = clock.instant();
        Silence silence = new Silence("", parsed, start, start.plus(SILENCE_DURATIONS.get(duration.getValue())), user.name(),
                comment.getValue().isBlank() ? "silenced from the Fathom dashboard" : comment.getValue(), "");
        String target = parsed.stream().map(Silence.Matcher::toString).collect(Collectors.joining(", "));
        try {
            String id = api.create(silence);
            audit.record(user.name(), AuditLog.SILENCE_CREATE, target, "id " + id + " until " + silence.endsAt(), "ok", client());
            matchers.clear();
            comment.clear();
            loadSilences();
        } catch (AlertsApi.AlertsApiException e) {
            audit.record(user.name(), AuditLog.SILENCE_CREATE, target, e.getMessage(), "failed", client());
            silenceNotice.show(e.getMessage());
        }
    }

    void expire(Silence silence) {
        if (!user.canSilence()) {
            silenceNotice.show("Silences need the SRE or ADMIN role.");
            return;
        }
        String target = silence.matchers().stream().map(Silence.Matcher::toString).collect(Collectors.joining(", "));
        try {
            api.expire(silence.id());
            audit.record(user.name(), AuditLog.SILENCE_EXPIRE, target, "id " + silence.id(), "ok", client());
            loadSilences();
        } catch (AlertsApi.AlertsApiException e) {
            audit.record(user.name(), AuditLog.SILENCE_EXPIRE, target, e.getMessage(), "failed", client());
            silenceNotice.show(e.getMessage());
        }
    }

    private static String client() {
        VaadinRequest request = VaadinRequest.getCurrent();
        return request == null ? "" : request.getRemoteAddr();
    }
}
