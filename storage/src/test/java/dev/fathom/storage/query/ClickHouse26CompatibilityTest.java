package dev.fathom.storage.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fathom.local.chdb.CurrentClickHouse;
import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.storage.ClickHouseTestDatabase;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.schema.SchemaFile;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every schema file and every query of the query layer on ClickHouse 18.16 (the real server) and
 * on current ClickHouse ({@link CurrentClickHouse}: chdb in a Node process), on the same data, with
 * the same answers. When chdb is missing the test fails and says how to install it.
 */
class ClickHouse26CompatibilityTest {

    static final List<String> BASE_TABLES = List.of("points", "rejected_records", "cost_ledger", "slo_status", "anomalies",
            "drift_results", "alert_events", "alert_notifications", "audit_log");

    @RegisterExtension
    static final ClickHouseExtension server = new ClickHouseExtension();

    @TempDir
    Path work;

    @Test
    void everySchemaFileAndQueryGivesTheSameAnswersOn18AndCurrentClickHouse() throws Exception {
        CurrentClickHouse.requireInstalled();

        ClickHouseHttp clickhouse = ClickHouseTestDatabase.create(server, "compat_test");
        QueryFixture.write(clickhouse);
        LinkedHashSet<String> queries = new LinkedHashSet<>();
        EveryQuery.run(clickhouse.observingQueries(queries::add));
        List<String> sql = new ArrayList<>(queries);
        List<List<JsonNode>> old = sql.stream().map(clickhouse::query).toList();

        List<String> setup = new ArrayList<>();
        for (SchemaFile file : SchemaFile.all()) {
            setup.addAll(file.statements());
        }
        for (String table : BASE_TABLES) {
            String copy = CurrentClickHouse.copyOf("compat_test", table, clickhouse::query);
            if (copy != null) {
                setup.add(copy);
            }
        }
        CurrentClickHouse.Answer answer = CurrentClickHouse.run(setup, sql, work);
        assertThat(answer.version()).startsWith("26.");
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < sql.size(); i++) {
            CurrentClickHouse.Result result = answer.results().get(i);
            if (result.failed()) {
                problems.add("query " + i + " fails on " + answer.version() + ": " + result.error() + "\n" + sql.get(i));
                continue;
            }
            String difference = difference(old.get(i), result.rows());
            if (difference != null) {
                problems.add("query " + i + " answers differ: " + difference + "\n" + sql.get(i));
            }
        }
        assertThat(problems).as("%d queries compared", sql.size()).isEmpty();
        assertThat(sql).hasSizeGreaterThan(50);
    }

    /** null when equal: same rows in the same order, numbers within 1e-9, decimals and zero dates normalised. */
    static String difference(List<JsonNode> a, List<JsonNode> b) {
        if (a.size() != b.size()) {
            return a.size() + " rows on 18.16, " + b.size() + " on current";
        }
        for (int r = 0; r < a.size(); r++) {
            String d = difference(a.get(r), b.get(r), "row " + r);
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    static String difference(JsonNode a, JsonNode b, String where) {
        if (a.isObject() && b.isObject()) {
            List<String> ka = new ArrayList<>();
            a.fieldNames().forEachRemaining(ka::add);
            List<String> kb = new ArrayList<>();
            b.fieldNames().forEachRemaining(kb::add);
            if (!ka.equals(kb)) {
                return where + ": columns " + ka + " vs " + kb;
            }
            for (String k : ka) {
                String d = difference(a.get(k), b.get(k), where + "." + k);
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return where + ": " + a + " vs " + b;
            }
            Iterator<JsonNode> ia = a.elements();
            Iterator<JsonNode> ib = b.elements();
            int i = 0;
            while (ia.hasNext()) {
                String d = difference(ia.next(), ib.next(), where + "[" + i++ + "]");
                if (d != null) {
                    return d;
                }
            }
            return null;
        }
        String ta = normalise(a.asText());
        String tb = normalise(b.asText());
        if (ta.equals(tb)) {
            return null;
        }
        BigDecimal na = number(ta);
        BigDecimal nb = number(tb);
        if (na != null && nb != null) {
            BigDecimal tolerance = na.abs().max(BigDecimal.ONE).multiply(new BigDecimal("1e-9"));
            if (na.subtract(nb).abs().compareTo(tolerance) <= 0) {
                return null;
            }
        }
        return where + ": " + a + " vs " + b;
    }

    private static String normalise(String s) {
        return s.equals("0000-00-00 00:00:00") ? "1970-01-01 00:00:00" : s;
    }

    private static BigDecimal number(String s) {
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
