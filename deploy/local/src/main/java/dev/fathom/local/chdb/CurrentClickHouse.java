package dev.fathom.local.chdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Current ClickHouse for the compatibility tests: the npm package {@code chdb} (ClickHouse
 * in-process) driven by a small Node script, since only 18.16 runs as a server here. The tests
 * run the same statements on 18.16 and here and compare the answers.
 *
 * <p>chdb is found in {@code $FATHOM_CHDB_DIR} (set by {@code ./fathom test}, which installs it),
 * else in {@code ~/.cache/fathom/chdb}.
 */
public final class CurrentClickHouse {

    /** The command that installs the chdb this project tests with. */
    public static final String INSTALL = "npm install --prefix ~/.cache/fathom/chdb chdb@3.4.0";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 180;

    /** One statement's answer: its rows, or the error current ClickHouse gave. */
    public record Result(List<JsonNode> rows, String error) {
        public boolean failed() {
            return error != null;
        }
    }

    /** The server version and one result per query, in order. */
    public record Answer(String version, List<Result> results) {}

    private CurrentClickHouse() {}

    /** Where chdb is looked for. */
    public static Path directory() {
        String env = System.getenv("FATHOM_CHDB_DIR");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "fathom", "chdb");
    }

    /** Fails, saying how to install chdb, when it is missing. */
    public static void requireInstalled() {
        Path dir = directory();
        if (!Files.exists(dir.resolve("node_modules/chdb/package.json"))) {
            throw new IllegalStateException("chdb (current ClickHouse for the compatibility tests) is not installed in " + dir
                    + ". Install it with:\n  " + INSTALL + "\n(or set FATHOM_CHDB_DIR to a directory holding node_modules/chdb)");
        }
    }

    /**
     * Runs {@code setup} (DDL and inserts; the first failure stops the run and is reported) and then
     * {@code queries} in one chdb session, working in {@code work}.
     */
    public static Answer run(List<String> setup, List<String> queries, Path work) throws IOException, InterruptedException {
        requireInstalled();
        ObjectNode job = JSON.createObjectNode();
        job.set("setup", JSON.valueToTree(setup));
        job.set("queries", JSON.valueToTree(queries));
        Path input = work.resolve("chdb-input.json");
        Path output = work.resolve("chdb-output.json");
        Path log = work.resolve("chdb-node.log");
        JSON.writeValue(input.toFile(), job);
        Path script = work.resolve("chdb-run.js");
        try (InputStream in = CurrentClickHouse.class.getResourceAsStream("chdb-run.js")) {
            Files.copy(in, script);
        }
        ProcessBuilder builder = new ProcessBuilder("node", script.toString(), input.toString(), output.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).directory(work.toFile());
        // NODE_PATH lets the script find chdb outside its own directory.
        builder.environment().put("NODE_PATH", directory().resolve("node_modules").toString());
        Process node = builder.start();
        node.getOutputStream().close();
        if (!node.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            node.destroyForcibly();
            throw new IllegalStateException("chdb did not finish in " + TIMEOUT_SECONDS + " s; its output is in " + log);
        }
        if (node.exitValue() != 0) {
            throw new IllegalStateException("node chdb-run.js exited with " + node.exitValue() + ": " + Files.readString(log));
        }
        JsonNode answer = JSON.readTree(output.toFile());
        List<Result> results = new ArrayList<>();
        for (JsonNode result : answer.get("results")) {
            if (result.has("error")) {
                results.add(new Result(List.of(), result.get("error").asText()));
                continue;
            }
            List<JsonNode> rows = new ArrayList<>();
            for (String line : result.get("rows").asText().split("\n")) {
                if (!line.isBlank()) {
                    rows.add(JSON.readTree(line));
                }
            }
            results.add(new Result(rows, null));
        }
        return new Answer(answer.get("version").asText(), results);
    }

    /**
     * An INSERT that copies the rows of {@code table} in {@code database} as 18.16 holds them, read
     * through {@code query} (a SELECT to JSONEachRow rows); null when the table is empty. DateTime
     * columns travel as epoch seconds: 18.16 writes time 0 as 0000-00-00, which current servers misread.
     */
    public static String copyOf(String database, String table, Function<String, List<JsonNode>> query) {
        String columns = query.apply("SELECT name, type FROM system.columns WHERE database = '" + database + "' AND table = '" + table
                        + "' AND default_kind NOT IN ('MATERIALIZED', 'ALIAS')").stream()
                .map(c -> c.get("type").asText().startsWith("DateTime")
                        ? "toUInt32(" + c.get("name").asText() + ") AS " + c.get("name").asText()
                        : c.get("name").asText())
                .collect(Collectors.joining(", "));
        String rows = query.apply("SELECT " + columns + " FROM " + table).stream().map(JsonNode::toString).collect(Collectors.joining("\n"));
        return rows.isEmpty() ? null : "INSERT INTO " + table + " FORMAT JSONEachRow\n" + rows;
    }
}
