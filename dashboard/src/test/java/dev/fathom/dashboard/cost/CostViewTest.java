package dev.fathom.dashboard.cost;

import static dev.fathom.dashboard.ViewTesting.notice;
import static dev.fathom.dashboard.ViewTesting.rows;
import static dev.fathom.dashboard.ViewTesting.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.github.mvysny.kaributesting.v10.LocatorJ;
import com.github.mvysny.kaributesting.v10.MockVaadin;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Anchor;
import dev.fathom.dashboard.KnownData;
import dev.fathom.dashboard.ViewTesting;
import dev.fathom.dashboard.security.AuditLog;
import dev.fathom.dashboard.security.SignedIn;
import dev.fathom.dashboard.security.SignedInUser;
import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The cost view and its CSV download over a real ClickHouse holding {@link KnownData}'s ledger. */
class CostViewTest {

    @RegisterExtension
    static final ClickHouseExtension server = new ClickHouseExtension();

    static ClickHouseHttp clickhouse;
    static CostData data;
    static CostDownload download;

    @BeforeAll
    static void seed() {
        clickhouse = KnownData.createDatabase(server.httpUrl(), "cost_view_test");
        KnownData.writeCost(clickhouse, ViewTesting.NOW);
        data = new ClickHouseCostData(clickhouse);
        download = new CostDownload(FocusChargebackExport.over(clickhouse), new AuditLog(clickhouse, ViewTesting.CLOCK));
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

    CostView open(Map<String, String> parameters) {
        CostView view = new CostView(data, download, ViewTesting.properties(clickhouse.baseUrl()), ViewTesting.CLOCK);
        UI.getCurrent().removeAll();
        UI.getCurrent().add(view);
        view.open(parameters);
        return view;
    }

    @Test
    void financeSeesEveryOwnerWithExactTotalsAndTheChangeAgainstThePreviousPeriod() {
        SignedIn.as("fiona", null, "FINANCE");

        open(Map.of("range", "24h"));

        assertThat(notice("cost-problem")).isNull();
        assertThat(rows("cost-grid", "owner", "allocated", "used", "idle", "change", "previous", "energy")).containsExactly(
                List.of("ml", "14.85 USD", "12.35 USD", "2.50 USD", "+48.5 %", "10.00 USD", "3.5 kWh"),
                List.of("search", "5.00 USD", "4.25 USD", "0.75 USD", "new", "0.00 USD", "1.0 kWh"),
                List.of("(unallocated)", "1.10 USD", "0.00 USD", "0.00 USD", "new", "0.00 USD", "0.5 kWh"),
                List.of("=cmd", "0.01 USD", "0.01 USD", "0.00 USD", "new", "0.00 USD", "0.0 kWh"));
        assertThat(text("cost-allocated")).isEqualTo("20.96 USD");
        assertThat(text("cost-used")).isEqualTo("16.61 USD");
        assertThat(text("cost-idle")).isEqualTo("3.25 USD");
        assertThat(text("cost-change")).isEqualTo("+109.6 %");
        assertThat(text("cost-energy")).isEqualTo("5.0 kWh");
        assertThat(text("cost-co2e")).isEqualTo("1.8 kg");
        assertThat(ViewTesting.chart("cost-top-chart").at("/yAxis/data").toString()).isEqualTo("[\"=cmd\",\"(unallocated)\",\"search\",\"ml\"]");
        assertThat(LocatorJ._get(Anchor.class, spec -> spec.withId("cost-download")).isVisible()).isTrue();
    }

    @Test
    void aLongWindowOffTheHourIsReadInWholeHoursAndSaysSo() {
        SignedIn.as("fiona", null, "FINANCE");

        // 06:30 .. 06:40 the next day is widened to 06:00 .. 07:00, which takes in ml's 10.00 at 06:00.
        open(Map.of("from", "2026-11-28T06:30:00Z", "to", "2026-11-29T06:40:00Z"));

        assertThat(text("cost-period")).isEqualTo("Period 2026-11-28T06:00:00Z – 2026-11-29T07:00:00Z (whole hours)");
        assertThat(text("cost-allocated")).isEqualTo("10.00 USD");
    }

    @Test
    void groupingByCostCentreRegroupsTheSameMoney() {
        SignedIn.as("fiona", null, "FINANCE");

        CostView view = open(Map.of("range", "24h", "by", "cost_centre"));

        assertThat(rows("cost-grid", "owner", "allocated")).containsExactly(List.of("CC-100", "14.85 USD"),
                List.of("CC-200", "5.00 USD"), List.of("(unallocated)", "1.10 USD"), List.of("CC-300", "0.01 USD"));
        assertThat(view.parameters()).containsEntry("by", "cost_centre").containsEntry("range", "24h");
    }

    @Test
    void aTeamBoundViewerSeesOnlyTheirTeamAndCannotDownload() {
        SignedIn.as("vic", "ml", "VIEWER");

        open(Map.of("range", "24h"));

        assertThat(rows("cost-grid", "owner", "allocated")).containsExactly(List.of("ml", "14.85 USD"));
        assertThat(text("cost-allocated")).isEqualTo("14.85 USD");
        assertThat(LocatorJ._find(Anchor.class, spec -> spec.withId("cost-download"))).isEmpty();
    }

    @Test
    void aTeamBoundViewerAskingForAnotherTeamGetsARefusalAndNoRows() {
        SignedIn.as("vic", "ml", "VIEWER");

        open(Map.of("range", "24h", "team", "search"));

        assertThat(notice("cost-problem")).isEqualTo("You can only see the cost of team ml.");
        assertThat(rows("cost-grid", "owner")).isEmpty();
        assertThat(text("cost-allocated")).isEqualTo("–");
    }

    @Test
    void aUserWithNeitherFinanceNorATeamSeesNoCost() {
        SignedIn.as("sam", null, "SRE");

        open(Map.of("range", "24h"));

        assertThat(notice("cost-problem")).startsWith("Cost needs the FINANCE or ADMIN role");
        assertThat(rows("cost-grid", "owner")).isEmpty();
    }

    @Test
    void aFilterThatMatchesNothingSaysSo() {
        SignedIn.as("fiona", null, "FINANCE");

        open(Map.of("range", "24h", "team", "nobody"));

        assertThat(notice("cost-problem")).isEqualTo("No cost for team nobody between 2026-11-28T12:00:00Z and 2026-11-29T12:00:00Z:"
                + " the team filter matches nothing in this range.");
    }

    @Test
    void theCsvIsTheFocusChargebackExportAddingUpToTheViewsTotalAndIsAudited() throws Exception {
        SignedInUser fiona = SignedIn.as("fiona", null, "FINANCE");
        TimeRange.Window window = TimeRange.last("24h").window(ViewTesting.NOW);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        download.write(fiona, new ChargebackExport.Request(window, CostGrouping.TEAM, Optional.empty(), "fiona"), "10.0.0.7", out);

        List<List<String>> csv = readCsv(out.toString(StandardCharsets.UTF_8));
        List<String> header = csv.get(0);
        assertThat(header).contains("BilledCost", "ListCost", "ChargePeriodStart", "Tags", "x_ChargeKind", "x_GpuHoursUsed");
        List<List<String>> rows = csv.subList(1, csv.size());
        int billed = header.indexOf("BilledCost");
        int kind = header.indexOf("x_ChargeKind");
        int tags = header.indexOf("Tags");
        // The view's total for the same window: allocated (used + idle + unallocated) over every owner.
        BigDecimal viewTotal = new CostReport(data).rows(window, CostGrouping.TEAM, Optional.empty()).stream()
                .map(CostRow::allocated).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(viewTotal).isEqualByComparingTo("20.955678901");
        assertThat(rows.stream().map(r -> new BigDecimal(r.get(billed))).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo(viewTotal);
        assertThat(rows.stream().map(r -> r.get(kind)).distinct()).containsExactlyInAnyOrder("used", "idle", "unallocated");
        assertThat(rows.stream().filter(r -> r.get(kind).equals("idle") && r.get(tags).contains("\"ml\""))
                .map(r -> new BigDecimal(r.get(billed))).reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo("2.5");
        // A team called "=cmd" is text in a spreadsheet, not a formula.
        assertThat(rows.stream().flatMap(List::stream).filter(cell -> cell.contains("=cmd")))
                .isNotEmpty().allMatch(cell -> !cell.startsWith("="));
        assertThat(audit()).contains("fiona export ok cost by team (all teams) 10.0.0.7");
    }

    @Test
    void aViewerCannotExportAndTheRefusalIsAudited() {
        SignedInUser vic = SignedIn.as("vic", "ml", "VIEWER");
        TimeRange.Window window = TimeRange.last("24h").window(ViewTesting.NOW);

        assertThatThrownBy(() -> download.write(vic, new ChargebackExport.Request(window, CostGrouping.TEAM, Optional.of("ml"), "vic"),
                "10.0.0.8", new ByteArrayOutputStream())).isInstanceOf(SecurityException.class);
        assertThat(audit()).contains("vic export denied cost by team ml 10.0.0.8");
    }

    @Test
    void aTeamBoundFinanceUserExportsOnlyTheirTeam() throws Exception {
        SignedInUser fin = SignedIn.as("fin-ml", "ml", "FINANCE");
        TimeRange.Window window = TimeRange.last("24h").window(ViewTesting.NOW);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        download.write(fin, new ChargebackExport.Request(window, CostGrouping.TEAM, Optional.of("ml"), "fin-ml"), "", out);
        assertThatThrownBy(() -> download.write(fin, new ChargebackExport.Request(window, CostGrouping.TEAM, Optional.empty(), "fin-ml"),
                "", new ByteArrayOutputStream())).isInstanceOf(SecurityException.class);

        List<List<String>> csv = readCsv(out.toString(StandardCharsets.UTF_8));
        int tags = csv.get(0).indexOf("Tags");
        assertThat(csv).hasSizeGreaterThan(1);
        assertThat(csv.stream().skip(1).map(row -> row.get(tags))).allMatch(t -> t.contains("\"team\":\"ml\""));
        int billed = csv.get(0).indexOf("BilledCost");
        assertThat(csv.stream().skip(1).map(r -> new BigDecimal(r.get(billed))).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo("14.845678901");
    }

    @Test
    void theFileNameSaysWhatIsInIt() {
        TimeRange.Window window = new TimeRange.Window(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"));
        assertThat(download.export().fileName(new ChargebackExport.Request(window, CostGrouping.PROJECT, Optional.of("ml/ops"), "x")))
                .isEqualTo("fathom-chargeback-by-project-ml_ops-20261101T0000-20261201T0000.csv");
    }

    static List<List<String>> readCsv(String text) throws Exception {
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        try (MappingIterator<List<String>> it = mapper.readerForListOf(String.class).readValues(text)) {
            return it.readAll();
        }
    }

    static List<String> audit() {
        return clickhouse.query("SELECT actor, action, outcome, target, client FROM audit_log ORDER BY ts").stream()
                .map(r -> List.of("actor", "action", "outcome", "target", "client").stream().map(k -> r.get(k).asText())
                        .collect(Collectors.joining(" ")).trim())
                .toList();
    }
}
