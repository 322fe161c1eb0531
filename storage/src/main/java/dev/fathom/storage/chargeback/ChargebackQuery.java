package dev.fathom.storage.chargeback;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.storage.chargeback.ChargebackRequest.Granularity;
import dev.fathom.storage.clickhouse.Sql;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The SQL of a chargeback export and the mapping of its rows. Reads the ledger with FINAL so a
 * replayed batch never counts twice; money is summed as Decimal and read back as text, so no
 * binary floating point touches it.
 */
final class ChargebackQuery {

    private static final List<String> ALWAYS = List.of("kind", "currency", "price_tier", "resource_type", "pricing_unit");

    private ChargebackQuery() {}

    /** The columns that split rows for a grouping, beside period and {@link #ALWAYS}. */
    static List<String> groupColumns(ChargebackRequest.GroupBy groupBy) {
        return switch (groupBy) {
            case TEAM -> List.of("team");
            case PROJECT -> List.of("team", "project");
            case COST_CENTRE -> List.of("cost_centre");
            case RESOURCE -> List.of("cluster", "host", "resource_id", "gpu_model", "mig_profile",
                    "team", "project", "cost_centre", "sku", "region");
        };
    }

    static String select(ChargebackRequest request) {
        List<String> groups = groupColumns(request.groupBy());
        StringBuilder keys = new StringBuilder("period");
        for (String column : groups) {
            keys.append(", ").append(column);
        }
        for (String column : ALWAYS) {
            keys.append(", ").append(column);
        }
        return "SELECT " + bucket(request.granularity()) + " AS period, "
                + String.join(", ", groups) + ", toString(kind) AS charge_kind, currency, price_tier, resource_type, pricing_unit, "
                + "toString(sum(cost)) AS total_cost, toString(sum(list_cost)) AS total_list_cost, sum(quantity) AS total_quantity, "
                + "sum(gpu_hours_allocated) AS total_gpu_hours_allocated, sum(gpu_hours_used) AS total_gpu_hours_used, "
                + "sum(energy_kwh) AS total_energy_kwh, sum(co2e_kg) AS total_co2e_kg "
                + "FROM cost_ledger FINAL " + where(request)
                + " GROUP BY " + keys
                + " ORDER BY " + keys;
    }

    /** Per currency, the ledger's own total over the same rows: what the file must add up to. */
    static String ledgerTotals(ChargebackRequest request) {
        return "SELECT currency, toString(sum(cost)) AS total_cost FROM cost_ledger FINAL " + where(request)
                + " GROUP BY currency ORDER BY currency";
    }

    static String where(ChargebackRequest request) {
        String where = "WHERE minute >= " + Sql.dateTime(request.from()) + " AND minute < " + Sql.dateTime(request.to());
        if (request.team().isPresent()) {
            where += " AND team = " + Sql.string(request.team().get());
        }
        return where;
    }

    /** The period key: epoch seconds of the hour or day (UTC), or yyyymm for months. */
    private static String bucket(Granularity granularity) {
        return switch (granularity) {
            case HOUR -> "intDiv(toUInt32(minute), 3600) * 3600";
            case DAY -> "intDiv(toUInt32(minute), 86400) * 86400";
            case MONTH -> "toYYYYMM(minute)";
        };
    }

    static LedgerGroup map(JsonNode row, ChargebackRequest request) {
        long period = row.get("period").asLong();
        Instant start;
        Instant end;
        switch (request.granularity()) {
            case HOUR -> {
                start = Instant.ofEpochSecond(period);
                end = start.plusSeconds(3600);
            }
            case DAY -> {
                start = Instant.ofEpochSecond(period);
                end = start.plusSeconds(86400);
            }
            default -> {
                YearMonth month = YearMonth.of((int) (period / 100), (int) (period % 100));
                start = month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
                end = month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
        }
        // A row's charge period never reaches outside what was asked for.
        if (start.isBefore(request.from())) {
            start = request.from();
        }
        if (end.isAfter(request.to())) {
            end = request.to();
        }
        return new LedgerGroup(start, end,
                text(row, "charge_kind"), text(row, "currency"), text(row, "price_tier"), text(row, "resource_type"),
                text(row, "pricing_unit"), text(row, "team"), text(row, "project"), text(row, "cost_centre"),
                text(row, "cluster"), text(row, "host"), text(row, "resource_id"), text(row, "gpu_model"),
                text(row, "mig_profile"), text(row, "sku"), text(row, "region"),
                new BigDecimal(text(row, "total_cost")), new BigDecimal(text(row, "total_list_cost")),
                number(row, "total_quantity"), number(row, "total_gpu_hours_allocated"), number(row, "total_gpu_hours_used"),
                number(row, "total_energy_kwh"), number(row, "total_co2e_kg"));
    }

    private static String text(JsonNode row, String column) {
        JsonNode value = row.get(column);
        return value == null || value.isNull() ? "" : value.asText();
    }

    private static double number(JsonNode row, String column) {
        JsonNode value = row.get(column);
        return value == null || value.isNull() ? 0.0 : value.asDouble();
    }
}
