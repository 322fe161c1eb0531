package dev.fathom.dashboard.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.internal.CurrentInstance;
import com.vaadin.flow.router.QueryParameters;
import com.vaadin.flow.server.VaadinSession;
import dev.fathom.dashboard.KnownData;
import dev.fathom.dashboard.ViewTesting;
import dev.fathom.dashboard.alert.AlertsApi;
import dev.fathom.dashboard.alert.AlertsView;
import dev.fathom.dashboard.alert.ClickHouseAlertData;
import dev.fathom.dashboard.anomaly.AnomaliesView;
import dev.fathom.dashboard.anomaly.ClickHouseAnomalyData;
import dev.fathom.dashboard.config.DashboardProperties;
import dev.fathom.dashboard.cost.ClickHouseCostData;
import dev.fathom.dashboard.cost.CostDownload;
import dev.fathom.dashboard.cost.CostView;
import dev.fathom.dashboard.cost.FocusChargebackExport;
import dev.fathom.dashboard.drift.ClickHouseDriftData;
import dev.fathom.dashboard.drift.DriftView;
import dev.fathom.dashboard.fleet.ClickHouseFleetData;
import dev.fathom.dashboard.fleet.ClickHouseFleetTrends;
import dev.fathom.dashboard.fleet.FleetLoader;
import dev.fathom.dashboard.fleet.FleetView;
import dev.fathom.dashboard.fleet.HostUtilization;
import dev.fathom.dashboard.node.ClickHouseNodeData;
import dev.fathom.dashboard.node.NodeView;
import dev.fathom.dashboard.security.AuditLog;
import dev.fathom.dashboard.security.SignedIn;
import dev.fathom.dashboard.slo.ClickHouseSloData;
import dev.fathom.dashboard.slo.SloView;
import dev.fathom.dashboard.timeline.TimelineLoader;
import dev.fathom.dashboard.timeline.TimelineView;
import dev.fathom.dashboard.view.DashboardView;
import dev.fathom.dashboard.view.UrlParameters;
import dev.fathom.local.FreePorts;
import dev.fathom.local.LocalClickHouseServer;
import dev.fathom.local.fuzz.FuzzRun;
import dev.fathom.local.fuzz.Mutations;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.clickhouse.Sql;
import dev.fathom.storage.query.FleetQueries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Every view's filters as a link sets them (fleet hosts=, node host=, anomalies metric/host/
 * minScore/series, cost by/team, drift model/chartModel/feature, SLO team/slo, timeline
 * kind/name, and refresh= on all of them), on generated and mutated query strings: huge and
 * negative numbers, 100,000-digit numbers, unicode, SQL-ish text, empty and repeated parameters,
 * percent-encoding garbage. The query string goes through Vaadin's own parser and then the view's
 * {@code open}, exactly as on navigation, over a real ClickHouse 18.16 seeded with the view tests'
 * data; every SELECT is observed. Each case: nothing throws, every refused value has a sentence
 * naming its parameter, no query fails (a bad literal would be a ClickHouse syntax error), and a
 * value with a quote or backslash never appears raw in the SQL.
 */
class ViewLinksFuzzTest {

    static final List<String> TEXT_NAMES = List.of("host", "metric", "team", "model", "chartModel", "feature", "slo", "name", "series");
    static final List<String> NAMES = List.of("hosts", "host", "metric", "minScore", "series", "by", "team", "model", "chartModel",
            "feature", "slo", "kind", "name", "refresh", "range");
    /** Values the views and the seeded data know, and values meant to break them. */
    static final List<String> VALUES = List.of("1", "2", "40", "0", "-1", "+1", "01", "1.5", "1e3", "0x10", "２", "١",
            "53687090", "53687091", "53687093", "2147483647", "2147483648", "-2147483648", "9223372036854775807",
            "18446744073709551616", "node-a", "node-b", "gpu_utilization", "ml", "search", "churn", "team", "project",
            "cost_centre", "node", "model", "0.5", "0.9", "0.99", "0.7", "30s", "1m", "off", "15m", "7d", "",
            " ", "'", "\\", "\\'", "' OR 1=1 --", "'; DROP TABLE points; --", "x' UNION SELECT * FROM system.users --",
            "\\' OR \\'1\\'=\\'1", "a\tb\nc\rd\u0000e", "%", "%zz", "%2", "%00", "%27", "+", "&", "=", "|", "||", "a|b|c", "gpu_utilization|node-b|1",
            "\ud800", "\udfff", "é", "🙂", "Ω≈ç", "<script>alert(1)</script>", "${jndi:ldap://x}", "../../etc/passwd",
            "=cmd|' /C calc'!A0");
    static final List<String> VIEWS = List.of("fleet", "node", "anomalies", "cost", "drift", "slos", "timeline", "alerts");

    private static Path home;
    private static LocalClickHouseServer server;
    /** Every SELECT the views send, cleared before each view opens. */
    private static final List<String> sql = new CopyOnWriteArrayList<>();
    private static final Map<String, DashboardView> views = new LinkedHashMap<>();
    private static Map<Class<?>, CurrentInstance> vaadin;
    private static VaadinSession session;

    @BeforeContainer
    static void start() throws IOException {
        home = Files.createTempDirectory("view-links-fuzz");
        server = LocalClickHouseServer.start(home, FreePorts.pick());
        ClickHouseHttp seeded = KnownData.createDatabase(server.httpUrl(), "view_links_fuzz");
        KnownData.writeAll(seeded, ViewTesting.NOW);
        ClickHouseHttp ch = seeded.observingQueries(sql::add);
        // The views are built here with a mock Vaadin UI; each case runs on FuzzRun's worker thread,
        // which gets the same UI and session (Vaadin's thread-locals) before it opens a view.
        MockVaadin.setup();
        DashboardProperties properties = ViewTesting.properties(ch.baseUrl());
        // An ADMIN sees every team's cost and may export it: every filter is read, none refused by role.
        SignedIn.as("fuzz-admin", null, "ADMIN");
        // The views are built once (building one costs more than a case) and opened again for each case,
        // the way a browser tab navigates within one view.
        views.put("fleet", new FleetView(new FleetLoader(new ClickHouseFleetData(ch), new ClickHouseFleetTrends(ch), ch.baseUrl()),
                ViewTesting.CLOCK));
        views.put("node", new NodeView(new ClickHouseNodeData(ch), new FleetQueries(ch), properties, ViewTesting.CLOCK));
        views.put("anomalies", new AnomaliesView(new ClickHouseAnomalyData(ch), properties, ViewTesting.CLOCK));
        views.put("cost", new CostView(new ClickHouseCostData(ch), new CostDownload(FocusChargebackExport.over(ch),
                new AuditLog(seeded, ViewTesting.CLOCK)), properties, ViewTesting.CLOCK));
        views.put("drift", new DriftView(new ClickHouseDriftData(ch), properties, ViewTesting.CLOCK));
        views.put("slos", new SloView(new ClickHouseSloData(ch), properties, ViewTesting.CLOCK));
        views.put("timeline", new TimelineView(new TimelineLoader(new ClickHouseAnomalyData(ch), new ClickHouseDriftData(ch),
                new ClickHouseSloData(ch), new ClickHouseAlertData(ch), new ClickHouseCostData(ch)), properties, ViewTesting.CLOCK));
        views.put("alerts", new AlertsView(new ClickHouseAlertData(ch), new AlertsApi(properties.alerts().url()),
                new AuditLog(seeded, ViewTesting.CLOCK), properties, ViewTesting.CLOCK));
        vaadin = CurrentInstance.getInstances();
        session = VaadinSession.getCurrent();
        session.unlock(); // the worker takes the lock for each case, as a request thread would
        SignedIn.out();
    }

    @AfterContainer
    static void stop() throws IOException {
        if (session != null) {
            session.lock();
        }
        MockVaadin.tearDown();
        if (server != null) {
            server.close();
        }
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Any link to any view opens it, names every parameter it could not use, and sends only valid, escaped SQL. */
    @Property
    void anyLinkOpensItsViewOrSaysWhy(@ForAll("views") String view, @ForAll("queries") String query) {
        Statistics.collect(view);
        QueryParameters parsed = vaadinParses(query);
        if (parsed == null) {
            return;
        }
        DashboardView shown = views.get(view);
        UrlParameters parameters = UrlParameters.of(parsed);
        sql.clear();
        FuzzRun.parse(Mutations.utf8(view + "?" + query), () -> {
            CurrentInstance.restoreInstances(vaadin);
            session.lock();
            try {
                shown.open(parameters);
            } finally {
                session.unlock();
            }
            return null;
        }, null);

        String notice = shown.noticeText();
        for (String problem : parameters.problems()) {
            assertThat(problem).startsWith("URL parameter '").endsWith(".").hasSizeLessThan(400);
            assertThat(notice).contains(problem);
        }
        // The server is up and every table exists: a failed query can only be SQL the view built wrong.
        assertThat(notice).doesNotContain("ClickHouse could not read").doesNotContain("is unreachable");
        if (!view.equals("timeline") || !parameters.text("name").isEmpty()) {
            assertThat(sql).as("the view read nothing").isNotEmpty();
        }
        for (String value : parameters.asMap().values()) {
            // Sql.string puts a backslash before every quote and backslash, so what is left of the SQL
            // after taking out the value's escaped forms holds the value only if something put it in
            // raw. Short or wordless values ("' ") also occur in the SQL's own text: only SQL-ish ones count.
            if (sqlIsh(value.strip())) {
                for (String select : sql) {
                    assertThat(withoutLiteralsOf(select, value)).as("a value with a quote or backslash, raw in the SQL: " + select)
                            .doesNotContain(value.strip());
                }
            }
        }
        if (view.equals("node") && parameters.selection("host") != null) {
            // The host a link names reaches the SQL, and only as a literal.
            assertThat(sql).anyMatch(select -> select.contains(Sql.string(parameters.selection("host"))));
        }
        // The link the view writes back opens without a problem of its own.
        UrlParameters again = new UrlParameters(shown.parameters());
        assertThat(again.text("host").length()).isLessThanOrEqualTo(UrlParameters.MAX_TEXT);
        assertThat(FleetView.hostOffset(again)).isBetween(0, (HostUtilization.LAST_PAGE - 1) * HostUtilization.PAGE_SIZE);
        assertThat(again.problems()).isEmpty();
    }

    /** The raw-value check can fail: it sees a value pasted into SQL, and not one escaped by Sql. */
    @Example
    void theRawValueCheckSeesAnUnescapedValueOnly() {
        String value = "x' OR 1=1 --";
        assertThat(sqlIsh(value)).isTrue();
        assertThat(withoutLiteralsOf("SELECT 1 FROM t WHERE host = '" + value + "'", value)).contains(value);
        assertThat(withoutLiteralsOf("SELECT 1 FROM t WHERE host = " + Sql.string(value), value)).doesNotContain(value);
        assertThat(withoutLiteralsOf("SELECT 1 FROM t WHERE host = " + Sql.string(" " + value + " "), " " + value + " ")).doesNotContain(value);
    }

    /** The SQL without the escaped forms (Sql.string, less its quotes) of the value, its trimmed form and its |-separated parts. */
    static String withoutLiteralsOf(String select, String value) {
        List<String> forms = new java.util.ArrayList<>(List.of(value, value.strip()));
        for (String part : value.split("\\|")) {
            forms.add(part);
            forms.add(part.strip());
        }
        String left = select;
        for (String form : forms) {
            String literal = Sql.string(form);
            String escaped = literal.substring(1, literal.length() - 1);
            if (!escaped.equals(form)) {
                left = left.replace(escaped, "");
            }
        }
        return left;
    }

    /** A value with a quote or backslash and words around it, which no query's own text contains. */
    static boolean sqlIsh(String value) {
        return (value.indexOf('\'') >= 0 || value.indexOf('\\') >= 0) && value.strip().length() >= 6
                && value.chars().filter(Character::isLetterOrDigit).count() >= 3;
    }

    private static QueryParameters vaadinParses(String query) {
        try {
            return QueryParameters.fromString(query);
        } catch (IllegalArgumentException e) {
            // Vaadin's router refuses malformed percent-escapes before any view sees them.
            assertThat(e.getMessage()).startsWith("URLDecoder:");
            return null;
        }
    }

    @Provide
    Arbitrary<String> views() {
        return Arbitraries.of(VIEWS);
    }

    @Provide
    Arbitrary<String> queries() {
        Arbitrary<String> value = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(VALUES).map(ViewLinksFuzzTest::encode)),
                Tuple.of(2, Arbitraries.of(VALUES)),
                Tuple.of(2, Mutations.mutated(VALUES.stream().map(Mutations::utf8).toList(), List.of("%", "&", "=", "'", "|", "+"))
                        .map(FuzzRun::text)),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(30).map(ViewLinksFuzzTest::encode)),
                Tuple.of(1, Arbitraries.of("9", "1", "x", "é", "'").flatMap(c -> Arbitraries.integers().between(257, 100_000).map(c::repeat))),
                Tuple.of(1, Arbitraries.longs().map(l -> Long.toString(l))));
        Arbitrary<String> name = Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.of(NAMES)),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(8).map(ViewLinksFuzzTest::encode)));
        Arbitrary<String> pair = Arbitraries.frequencyOf(Tuple.of(10, Arbitraries.of("=")), Tuple.of(1, Arbitraries.of("", "==")))
                .flatMap(eq -> name.flatMap(n -> value.map(v -> n + eq + v)));
        // Names repeat (several values for one name) because the list draws them from a small set.
        return pair.list().ofMaxSize(8).map(pairs -> String.join("&", pairs));
    }

    /** Percent-encodes a value the way a browser would, so Vaadin decodes it back to the value. */
    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

}
