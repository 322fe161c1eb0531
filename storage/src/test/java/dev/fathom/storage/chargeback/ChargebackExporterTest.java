package dev.fathom.storage.chargeback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.storage.ClickHouseTestDatabase;
import dev.fathom.storage.chargeback.ChargebackRequest.Granularity;
import dev.fathom.storage.chargeback.ChargebackRequest.GroupBy;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChargebackExporterTest {

    @RegisterExtension
    static final ClickHouseExtension server = new ClickHouseExtension();

    static ClickHouseHttp clickHouse;
    static LedgerFixture fleet;
    static ChargebackExporter exporter;

    @BeforeAll
    static void writeLedger() {
        clickHouse = ClickHouseTestDatabase.create(server, "chargeback_test");
        fleet = LedgerFixture.fleet();
        fleet.writeTo(clickHouse, 1);
        // A replayed batch: the same rows again, as a restarted job would write them.
        LedgerFixture.writeTo(clickHouse, fleet.rows.subList(0, 200), 2);
        exporter = new ChargebackExporter(clickHouse, BillingIdentity.DEFAULT);
    }

    static List<Arguments> everyGrouping() {
        List<Arguments> all = new ArrayList<>();
        for (GroupBy groupBy : GroupBy.values()) {
            for (Granularity granularity : Granularity.values()) {
                all.add(Arguments.of(groupBy, granularity));
            }
        }
        return all;
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("everyGrouping")
    void everyGroupingFollowsFocusAndAddsUpToTheFleetToTheCent(GroupBy groupBy, Granularity granularity) throws IOException {
        ChargebackRequest request = new ChargebackRequest(LedgerFixture.FROM, LedgerFixture.TO, groupBy, granularity, Optional.empty());
        StringWriter csv = new StringWriter();
        ChargebackSummary summary = exporter.export(request, csv, ChargebackExporter.Progress.NONE);

        assertThat(FocusChecker.check(csv.toString())).isEmpty();
        List<CSVRecord> records = read(csv.toString());
        assertThat(records).hasSize((int) summary.rows()).isNotEmpty();
        BigDecimal billed = records.stream().map(r -> new BigDecimal(r.get("BilledCost"))).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(billed).isEqualByComparingTo(fleet.total());
        assertThat(summary.reconciled()).isTrue();
        assertThat(summary.ledgerTotals().get("USD")).isEqualByComparingTo(fleet.total());
        assertThat(records).extracting(r -> r.get("x_ChargeKind")).contains("used", "idle", "unallocated");
    }

    @Test
    void monthsSplitAtTheBoundaryAndChargePeriodsStayInsideTheRequest() throws IOException {
        Instant from = Instant.parse("2026-10-31T23:30:00Z");
        ChargebackRequest request = new ChargebackRequest(from, LedgerFixture.TO, GroupBy.TEAM, Granularity.MONTH, Optional.empty());
        StringWriter csv = new StringWriter();
        exporter.export(request, csv, ChargebackExporter.Progress.NONE);
        List<CSVRecord> records = read(csv.toString());
        Set<String> billingPeriods = new TreeSet<>();
        for (CSVRecord r : records) {
            billingPeriods.add(r.get("BillingPeriodStart") + ".." + r.get("BillingPeriodEnd"));
            assertThat(Instant.parse(r.get("ChargePeriodStart"))).isAfterOrEqualTo(from);
            assertThat(Instant.parse(r.get("ChargePeriodEnd"))).isBeforeOrEqualTo(LedgerFixture.TO);
        }
        assertThat(billingPeriods).containsExactly(
                "2026-10-01T00:00:00Z..2026-11-01T00:00:00Z", "2026-11-01T00:00:00Z..2026-12-01T00:00:00Z");
        BigDecimal expected = fleet.rows.stream().filter(r -> !r.minute().isBefore(from))
                .map(LedgerFixture.Row::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal billed = records.stream().map(r -> new BigDecimal(r.get("BilledCost"))).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(billed).isEqualByComparingTo(expected);
    }

    @Test
    void aTeamBoundExportHoldsOnlyThatTeamAndReconcilesToItsLedgerRows() throws IOException {
        ChargebackRequest request = new ChargebackRequest(LedgerFixture.FROM, LedgerFixture.TO, GroupBy.RESOURCE,
                Granularity.HOUR, Optional.of("search"));
        StringWriter csv = new StringWriter();
        ChargebackSummary summary = exporter.export(request, csv, ChargebackExporter.Progress.NONE);
        List<CSVRecord> records = read(csv.toString());
        assertThat(records).isNotEmpty().allSatisfy(r -> assertThat(r.get("Tags")).contains("\"team\":\"search\""));
        assertThat(summary.reconciled()).isTrue();
        assertThat(summary.billedTotals().get("USD")).isEqualByComparingTo(fleet.totalFor("search"));
        assertThat(records).extracting(r -> r.get("x_MigProfile")).containsOnly("3g.40gb");
        assertThat(records).extracting(r -> r.get("PricingCategory")).containsOnly("Committed");
    }

    @Test
    void listCostIsTheOnDemandPriceAndNeverBelowWhatWasPaid() throws IOException {
        ChargebackRequest request = new ChargebackRequest(LedgerFixture.FROM, LedgerFixture.TO, GroupBy.RESOURCE,
                Granularity.DAY, Optional.empty());
        StringWriter csv = new StringWriter();
        exporter.export(request, csv, ChargebackExporter.Progress.NONE);
        CSVRecord spot = read(csv.toString()).stream().filter(r -> r.get("ResourceId").equals("GPU-3")).findFirst().orElseThrow();
        assertThat(spot.get("PricingCategory")).isEqualTo("Dynamic");
        assertThat(new BigDecimal(spot.get("ListCost"))).isGreaterThan(new BigDecimal(spot.get("BilledCost")));
        assertThat(spot.get("ChargeDescription")).contains("no owner");
    }

    @Test
    void anEmptyPeriodIsRefusedWithAMessageThatNamesTheFlags() {
        assertThatThrownBy(() -> new ChargebackRequest(LedgerFixture.TO, LedgerFixture.FROM, GroupBy.TEAM, Granularity.DAY, Optional.empty()))
                .hasMessageContaining("--to").hasMessageContaining("--from");
        assertThatThrownBy(() -> GroupBy.parse("department")).hasMessageContaining("department").hasMessageContaining("cost-centre");
        assertThat(GroupBy.parse("cost-centre")).isEqualTo(GroupBy.COST_CENTRE);
    }

    static List<CSVRecord> read(String csv) throws IOException {
        try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(csv))) {
            return parser.getRecords();
        }
    }
}
