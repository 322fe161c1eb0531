package dev.fathom.dashboard.alert;

import static com.github.mvysny.kaributesting.v10.LocatorJ._click;
import static com.github.mvysny.kaributesting.v10.LocatorJ._find;
import static com.github.mvysny.kaributesting.v10.LocatorJ._get;
import static dev.fathom.dashboard.ViewTesting.notice;
import static dev.fathom.dashboard.ViewTesting.rows;
import static dev.fathom.dashboard.ViewTesting.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.GridKt;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.textfield.TextField;
import dev.fathom.dashboard.KnownData;
import dev.fathom.dashboard.ViewTesting;
import dev.fathom.dashboard.security.AuditLog;
import dev.fathom.dashboard.security.SignedIn;
import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Alert history from a real ClickHouse; silences made and expired on a real Alertmanager's API v2. */
class AlertsViewTest {

    @RegisterExtension
    static final ClickHouseExtension server = new ClickHouseExtension();

    static ClickHouseHttp clickhouse;
    static LocalAlertmanager alertmanager;

    @BeforeAll
    static void seed() throws Exception {
        clickhouse = KnownData.createDatabase(server.httpUrl(), "alerts_view_test");
        KnownData.writeAlerts(clickhouse, ViewTesting.NOW);
        alertmanager = LocalAlertmanager.start();
    }

    @AfterAll
    static void stop() {
        if (alertmanager != null) {
            alertmanager.close();
        }
    }

    @BeforeEach
    void setUp() {
        MockVaadin.setup();
    }

    @AfterEach
    void tearDown() {
        MockVaadin.tearDown();
        SignedIn.out();
    }

    AlertsView open(String alertsUrl) {
        // Silences need the real clock: Alertmanager refuses one that already ended.
        AlertsView view = new AlertsView(new ClickHouseAlertData(clickhouse), new AlertsApi(alertsUrl),
                new AuditLog(clickhouse, Clock.systemUTC()), ViewTesting.properties(clickhouse.baseUrl()), Clock.system(ZoneOffset.UTC));
        UI.getCurrent().add(view);
        view.open(Map.of("from", "2026-11-29T11:00:00Z", "to", "2026-11-29T12:00:00Z"));
        return view;
    }

    @Test
    void showsFiringAlertsHistoryAndNotifications() {
        SignedIn.as("vic", null, "VIEWER");

        open(alertmanager.url());

        assertThat(notice("alerts-problem")).isNull();
        assertThat(text("alerts-firing-count")).isEqualTo("1");
        assertThat(rows("alerts-firing", "alertname", "severity", "labels", "summary"))
                .containsExactly(List.of("GpuHot", "critical", "host=node-a, team=ml", "GPU on node-a above 85 °C"));
        assertThat(rows("alerts-history", "time", "status", "labels")).containsExactly(
                List.of("2026-11-29 11:45:00", "firing", "host=node-a, team=ml"),
                List.of("2026-11-29 11:20:00", "resolved", "host=node-b, team=ml"),
                List.of("2026-11-29 11:10:00", "firing", "host=node-b, team=ml"));
        assertThat(rows("alerts-notifications", "receiver", "integration", "status", "attempt", "http")).containsExactly(
                List.of("sre-pager", "pagerduty", "ok", "2", "202"),
                List.of("sre-pager", "pagerduty", "retry", "1", "429"),
                List.of("sre-slack", "slack", "ok", "1", "200"));
        // A viewer may look but not silence.
        assertThat(_find(Button.class, spec -> spec.withId("silence-create"))).isEmpty();
    }

    @Test
    void anSreCreatesAndExpiresASilenceOnTheAlertsApiAndBothAreAudited() {
        SignedIn.as("sre-sam", null, "SRE");
        open(alertmanager.url());

        _get(TextField.class, spec -> spec.withId("silence-matchers")).setValue("alertname=GpuHot, host=~node-a|node-b");
        _get(TextField.class, spec -> spec.withId("silence-comment")).setValue("reseating the GPU");
        _click(_get(Button.class, spec -> spec.withId("silence-create")));

        assertThat(notice("silence-problem")).isNull();
        List<Silence> silences = new AlertsApi(alertmanager.url()).silences();
        assertThat(silences).hasSize(1);
        Silence created = silences.get(0);
        assertThat(created.matchers()).extracting(Silence.Matcher::toString).containsExactly("alertname=GpuHot", "host=~node-a|node-b");
        assertThat(created.createdBy()).isEqualTo("sre-sam");
        assertThat(created.comment()).isEqualTo("reseating the GPU");
        assertThat(rows("alerts-silences", "state", "matchers", "createdBy"))
                .containsExactly(List.of("active", "alertname=GpuHot, host=~node-a|node-b", "sre-sam"));

        @SuppressWarnings("unchecked")
        Grid<Silence> grid = _get(Grid.class, spec -> spec.withId("alerts-silences"));
        _click((Button) GridKt._getCellComponent(grid, 0, "expire"));

        assertThat(new AlertsApi(alertmanager.url()).silences()).extracting(Silence::state).containsExactly("expired");
        assertThat(clickhouse.query("SELECT actor, action, outcome FROM audit_log ORDER BY ts, action").stream()
                .map(r -> r.get("actor").asText() + " " + r.get("action").asText() + " " + r.get("outcome").asText()).toList())
                .containsExactly("sre-sam silence.create ok", "sre-sam silence.expire ok");
    }

    @Test
    void aBadMatcherIsExplainedAndNothingIsSent() {
        SignedIn.as("sre-sam", null, "SRE");
        open(alertmanager.url());
        int before = new AlertsApi(alertmanager.url()).silences().size();

        _get(TextField.class, spec -> spec.withId("silence-matchers")).setValue("GpuHot");
        _click(_get(Button.class, spec -> spec.withId("silence-create")));

        assertThat(notice("silence-problem")).isEqualTo("'GpuHot' is not a matcher like alertname=GpuHot or host=~node-.*");
        assertThat(new AlertsApi(alertmanager.url()).silences()).hasSize(before);
    }

    @Test
    void anUnreachableAlertsServiceIsNamed() {
        SignedIn.as("sre-sam", null, "SRE");

        open("http://127.0.0.1:9");

        assertThat(notice("silence-problem")).startsWith("the alerts service at http://127.0.0.1:9 is unreachable");
        assertThat(text("alerts-firing-count")).isEqualTo("1");
    }
}
