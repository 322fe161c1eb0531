package dev.fathom.storage.chargeback;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Ledger rows as the cost job writes them, for a small fleet that has what chargeback must get
 * right: a GPU shared between used and idle, MIG instances priced by their slice, one instance
 * and a whole host with no owner, an idle GPU nobody holds, a price change mid-period and a
 * month boundary. Keeps the exact total of every row it writes.
 */
final class LedgerFixture {

    static final Instant FROM = Instant.parse("2026-10-31T22:00:00Z");
    static final Instant TO = Instant.parse("2026-11-01T02:00:00Z");
    static final Instant PRICE_CHANGE = Instant.parse("2026-11-01T01:00:00Z");

    // Plain decimals ("0.000000001", never "1E-9"): the ledger's Decimal column must parse them exactly.
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    /** One ledger row, money exact. */
    record Row(Instant minute, String host, String resourceId, String gpuModel, String migProfile, String kind,
               String team, String project, String costCentre, String tier, String sku, String region,
               BigDecimal cost, BigDecimal listCost, double gpuHoursAllocated, double gpuHoursUsed) {}

    final List<Row> rows = new ArrayList<>();

    static LedgerFixture fleet() {
        LedgerFixture f = new LedgerFixture();
        for (Instant minute = FROM; minute.isBefore(TO); minute = minute.plusSeconds(60)) {
            BigDecimal h100 = minute.isBefore(PRICE_CHANGE) ? new BigDecimal("2.40") : new BigDecimal("2.00");
            BigDecimal a100List = new BigDecimal("1.80");
            BigDecimal a100Reserved = new BigDecimal("1.10");
            // n1 GPU-1: team ml-platform, 70 % used.
            f.split(minute, "n1", "GPU-1", "H100", "", "ml-platform", "llm", "CC-100", "on_demand", h100, h100, 1.0, 0.7);
            // n1 GPU-2: MIG 3g.40gb for team search (50 % used), 4g.40gb with no owner.
            f.split(minute, "n1", "GPU-2/mig-1", "A100", "3g.40gb", "search", "ranking", "CC-200", "reserved",
                    a100Reserved, a100List, 3.0 / 7, 0.5);
            f.add(minute, "n1", "GPU-2/mig-2", "A100", "4g.40gb", "unallocated", "", "", "", "reserved",
                    share(a100Reserved, 4.0 / 7), share(a100List, 4.0 / 7), 4.0 / 7, 4.0 / 7 * 0.2);
            // n2 (no labels at all): GPU-3 busy but unattributable, GPU-4 idle and held by nobody.
            f.add(minute, "n2", "GPU-3", "H100", "", "unallocated", "", "", "", "spot",
                    share(new BigDecimal("0.90"), 1), share(h100, 1), 1, 0.95);
            f.add(minute, "n2", "GPU-4", "H100", "", "idle", "", "", "", "on_demand",
                    share(h100, 1), share(h100, 1), 1, 0);
        }
        return f;
    }

    /** A resource held by an owner: used share to the owner, the rest as the owner's idle. */
    private void split(Instant minute, String host, String id, String model, String mig, String team, String project,
                       String costCentre, String tier, BigDecimal hourly, BigDecimal listHourly, double slice, double utilisation) {
        BigDecimal whole = share(hourly, slice);
        BigDecimal used = share(hourly, slice * utilisation).min(whole);
        BigDecimal listWhole = share(listHourly, slice);
        BigDecimal listUsed = share(listHourly, slice * utilisation).min(listWhole);
        add(minute, host, id, model, mig, "used", team, project, costCentre, tier, used, listUsed, slice, slice * utilisation);
        add(minute, host, id, model, mig, "idle", team, project, costCentre, tier, whole.subtract(used), listWhole.subtract(listUsed), 0, 0);
    }

    static BigDecimal share(BigDecimal hourly, double fraction) {
        return hourly.multiply(BigDecimal.valueOf(fraction)).divide(BigDecimal.valueOf(60), 9, RoundingMode.HALF_EVEN);
    }

    void add(Instant minute, String host, String id, String model, String mig, String kind, String team, String project,
             String costCentre, String tier, BigDecimal cost, BigDecimal listCost, double allocated, double used) {
        rows.add(new Row(minute, host, id, model, mig, kind, team, project, costCentre, tier, "sku-" + model.toLowerCase(),
                "dc-1", cost, listCost, allocated / 60, used / 60));
    }

    BigDecimal total() {
        return rows.stream().map(Row::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    BigDecimal totalFor(String team) {
        return rows.stream().filter(r -> r.team().equals(team)).map(Row::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    void writeTo(ClickHouseHttp clickHouse, long version) {
        writeTo(clickHouse, rows, version);
    }

    static void writeTo(ClickHouseHttp clickHouse, List<Row> rows, long version) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Row r : rows) {
            ObjectNode node = JSON.createObjectNode();
            node.put("minute", r.minute().getEpochSecond());
            node.put("cluster", "c1");
            node.put("host", r.host());
            node.put("resource_type", "gpu");
            node.put("resource_id", r.resourceId());
            node.put("gpu_model", r.gpuModel());
            node.put("mig_profile", r.migProfile());
            node.put("kind", r.kind());
            node.put("team", r.team());
            node.put("project", r.project());
            node.put("cost_centre", r.costCentre());
            node.put("price_tier", r.tier());
            node.put("sku", r.sku());
            node.put("region", r.region());
            node.put("currency", "USD");
            node.put("quantity", r.gpuHoursAllocated());
            node.put("pricing_unit", "Hours");
            node.put("gpu_hours_allocated", r.gpuHoursAllocated());
            node.put("gpu_hours_used", r.gpuHoursUsed());
            node.put("list_cost", r.listCost()); // a JSON number: 18.16 cannot read a quoted Decimal
            node.put("cost", r.cost());
            node.put("energy_kwh", 0.7 / 60);
            node.put("co2e_kg", 0.3 / 60);
            node.put("version", version);
            try {
                out.writeBytes(JSON.writeValueAsBytes(node));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            out.write('\n');
        }
        clickHouse.insertJsonEachRow("cost_ledger", out.toByteArray());
    }
}
