package dev.fathom.storage.chargeback;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.storage.ClickHouseTestDatabase;
import dev.fathom.storage.chargeback.ChargebackRequest.Granularity;
import dev.fathom.storage.chargeback.ChargebackRequest.GroupBy;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ChargebackCsvSafetyTest {

    @RegisterExtension
    static final ClickHouseExtension server = new ClickHouseExtension();

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void oddNamesRoundTripAndFormulasAreNeutralised() throws Exception {
        ClickHouseHttp clickHouse = ClickHouseTestDatabase.create(server, "chargeback_csv_safety");
        Instant minute = Instant.parse("2026-11-02T10:00:00Z");
        List<String> teams = List.of("=cmd|' /C calc'!A0", "quotes \"and\", commas", "two\nlines\r\nand CR", "检索团队", "équipe-α", "@SUM(1+1)");
        LedgerFixture fixture = new LedgerFixture();
        for (String team : teams) {
            fixture.add(minute, "host,\"odd\"", "-" + team, "H100", "", "used", team, "+project " + team, "\tcc", "on_demand",
                    new BigDecimal("0.013333333"), new BigDecimal("0.013333333"), 1, 0.5);
        }
        fixture.writeTo(clickHouse, 1);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer out = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
            new ChargebackExporter(clickHouse, BillingIdentity.DEFAULT).export(new ChargebackRequest(minute, minute.plusSeconds(60),
                    GroupBy.RESOURCE, Granularity.HOUR, Optional.empty()), out, ChargebackExporter.Progress.NONE);
        }
        String csv = bytes.toString(StandardCharsets.UTF_8);
        assertThat(FocusChecker.check(csv)).isEmpty();
        List<CSVRecord> records = ChargebackExporterTest.read(csv);
        assertThat(records).hasSize(teams.size());

        Map<String, CSVRecord> byTeam = records.stream().collect(Collectors.toMap(r -> tag(r, "team"), Function.identity()));
        assertThat(byTeam.keySet()).containsExactlyInAnyOrderElementsOf(teams);
        for (String team : teams) {
            CSVRecord r = byTeam.get(team);
            assertThat(tag(r, "project")).isEqualTo("+project " + team);
            assertThat(tag(r, "cost_centre")).isEqualTo("\tcc");
            // Text cells that a spreadsheet would evaluate start with an apostrophe.
            assertThat(r.get("ResourceId")).isEqualTo("'-" + team);
            assertThat(r.get("ResourceName")).isEqualTo("host,\"odd\"/-" + team);
        }
        for (CSVRecord r : records) {
            for (String cell : r.values()) {
                assertThat(cell).doesNotStartWith("=").doesNotStartWith("+").doesNotStartWith("@").doesNotStartWith("\t");
            }
        }
    }

    @Test
    void onlyTextCellsAreNeutralised() {
        assertThat(ChargebackCsvWriter.neutralise("=1+2")).isEqualTo("'=1+2");
        assertThat(ChargebackCsvWriter.neutralise("\r=x")).isEqualTo("'\r=x");
        assertThat(ChargebackCsvWriter.neutralise("team-a")).isEqualTo("team-a");
        assertThat(ChargebackCsvWriter.neutralise("")).isEmpty();
        assertThat(FocusRowMapper.money(new BigDecimal("12.340000000"))).isEqualTo("12.34");
        assertThat(FocusRowMapper.money(new BigDecimal("1E+3"))).isEqualTo("1000");
        assertThat(FocusRowMapper.money(new BigDecimal("0.000000001"))).isEqualTo("0.000000001");
    }

    private static String tag(CSVRecord r, String key) {
        try {
            JsonNode tags = JSON.readTree(r.get("Tags"));
            return tags.path(key).asText();
        } catch (Exception e) {
            throw new AssertionError("Tags is not JSON: " + r.get("Tags"), e);
        }
    }
}
