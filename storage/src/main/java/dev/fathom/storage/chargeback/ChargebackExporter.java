package dev.fathom.storage.chargeback;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The chargeback export: FOCUS 1.2 CSV from the cost ledger, streamed row by row, with idle and
 * unallocated cost as rows of their own so the file's BilledCost adds up to the fleet's cost.
 * The CLI ({@code ./fathom export chargeback}) and the dashboard's download both call this.
 */
public final class ChargebackExporter {

    /** Told how far the export is, as the share of the period written so far. */
    @FunctionalInterface
    public interface Progress {
        void update(long rowsWritten, double fractionOfPeriod);

        Progress NONE = (rows, fraction) -> {};
    }

    private final ClickHouseHttp clickHouse;
    private final FocusRowMapper mapper;

    public ChargebackExporter(ClickHouseHttp clickHouse, BillingIdentity identity) {
        this.clickHouse = clickHouse;
        this.mapper = new FocusRowMapper(identity);
    }

    /**
     * Writes the export to {@code out} (not closed here) and returns what it wrote with the
     * ledger's total for the same rows, so a caller can show that the file reconciles.
     */
    public ChargebackSummary export(ChargebackRequest request, Writer out, Progress progress) throws IOException {
        Map<String, BigDecimal> billed = new TreeMap<>();
        long rows = 0;
        double span = Duration.between(request.from(), request.to()).toMillis();
        ChargebackCsvWriter csv = new ChargebackCsvWriter(out);
        try (ClickHouseRowStream stream = ClickHouseRowStream.open(clickHouse, ChargebackQuery.select(request))) {
            while (stream.hasNext()) {
                LedgerGroup group = ChargebackQuery.map(stream.next(), request);
                csv.write(mapper.map(group));
                billed.merge(group.currency(), group.cost(), BigDecimal::add);
                rows++;
                if (rows % 1000 == 0) {
                    progress.update(rows, Duration.between(request.from(), group.periodStart()).toMillis() / span);
                }
            }
        }
        csv.flush();
        progress.update(rows, 1.0);
        return new ChargebackSummary(rows, billed, ledgerTotals(request));
    }

    /** The ledger's total per currency for the request's period and team. */
    public Map<String, BigDecimal> ledgerTotals(ChargebackRequest request) {
        Map<String, BigDecimal> totals = new TreeMap<>();
        for (JsonNode row : clickHouse.query(ChargebackQuery.ledgerTotals(request))) {
            totals.put(row.get("currency").asText(), new BigDecimal(row.get("total_cost").asText()));
        }
        return totals;
    }
}
