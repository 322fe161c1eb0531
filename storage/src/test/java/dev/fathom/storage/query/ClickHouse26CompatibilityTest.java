package dev.fathom.storage.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fathom.local.junit.ClickHouseExtension;
import dev.fathom.storage.ClickHouseTestDatabase;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.schema.SchemaFile;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every schema file and every query of the query layer on ClickHouse 18.16 (the real server) and
 * on current ClickHouse (chdb, in a Node process), on the same data, with the same answers.
 *
 * <p>chdb is found in {@code $FATHOM_CHDB_DIR}, else {@code ~/.cache/fathom/chdb}; when it is
 * missing the test fails and says how to install it.
 */
class ClickHouse26CompatibilityTest {

    static final String INSTALL = "npm install --prefix ~/.cache/fathom/chdb chdb@3.4.0";
    static final List<String> BASE_TABLES = List.of("points", "rejected_records", "cost_ledger", "slo_status", "anomalies",
            "drift_results", "alert_events", "alert_notifications", "audit_log");
    static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final ClickHouseExtension server = new ClickHouseExtension();

    @TempDir
    Path work;

    static Path chdbDir() {
        String env = System.getenv("FATHOM_CHDB_DIR");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "fathom", "chdb");
    }

    @Test
    void everySchemaFileAndQueryGivesTheSameAnswersOn18AndCurrentClickHouse() throws Exception {
        Path chdb = chdbDir();
        if (!Files.exists(chdb.resolve("node_modules/chdb/package.json"))) {
            fail("chdb (current ClickHouse for the compatibility test) is not installed in " + chdb + ". Install it with:\n  "
                    + INSTALL + "\n(or set FATHOM_CHDB_DIR to a directory holding node_modules/chdb)");
        }

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
            // DateTime as epoch seconds: 18.16 writes time 0 as 0000-00-00, which current servers misread.
            String columns = clickhouse.query("SELECT name, type FROM system.columns WHERE database = 'compat_test' AND table = '" + table
                    + "' AND default_kind NOT IN ('MATERIALIZED', 'ALIAS')").stream()
                    .map(c -> c.get("type").asText().startsWith("DateTime") ? "toUInt32(" + c.get("name").asText() + ") AS " + c.get("name").asText()
                            : c.get("name").asText())
                    .collect(Collectors.joining(", "));
            String rows = clickhouse.query("SELECT " + columns + " FROM " + table).stream().map(JsonNode::toString).collect(Collectors.joining("\n"));
            if (!rows.isEmpty()) {
                setup.add("INSERT INTO " + table + " FORMAT JSONEachRow\n" + rows);
            }
        }
        ObjectNode job = JSON.createObjectNode();
        job.set("setup", JSON.valueToTree(setup));
        job.set("queries", JSON.valueToTree(sql));
        Path input = work.resolve("input.json");
        Path output = work.resolve("output.json");
        JSON.writeValue(input.toFile(), job);
        Path script = work.resolve("chdb-run.js");
        try (InputStream in = getClass().getResourceAsStream("/compat/chdb-run.js")) {
            Files.copy(in, script);
        }

        ProcessBuilder builder = new ProcessBuilder("node", script.toString(), input.toString(), output.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("node.log").toFile()).directory(work.toFile());
        // NODE_PATH lets the script find chdb outside its own directory.
        builder.environment().put("NODE_PATH", chdb.resolve("node_modules").toString());
        Process node = builder.start();
        node.getOutputStream().close();
        if (!node.waitFor(180, TimeUnit.SECONDS)) {
            node.destroyForcibly();
            fail("chdb run did not finish in 180 s");
        }
        assertThat(node.exitValue()).as("node chdb-run.js: " + Files.readString(work.resolve("node.log"))).isZero();

        JsonNode answer = JSON.readTree(output.toFile());
        assertThat(answer.get("version").asText()).startsWith("26.");
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < sql.size(); i++) {
            JsonNode result = answer.get("results").get(i);
            if (result.has("error")) {
                problems.add("query " + i + " fails on " + answer.get("version").asText() + ": " + result.get("error").asText() + "\n" + sql.get(i));
                continue;
            }
            List<JsonNode> current = new ArrayList<>();
            for (String line : result.get("rows").asText().split("\n")) {
                if (!line.isBlank()) {
                    current.add(JSON.readTree(line));
                }
            }
            String difference = difference(old.get(i), current);
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
