package dev.fathom.storage.bench;

import dev.fathom.local.FreePorts;
import dev.fathom.local.LocalClickHouseServer;
import dev.fathom.model.Point;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import dev.fathom.storage.schema.Migrator;
import dev.fathom.storage.write.PointWriter;
import dev.fathom.storage.write.TableWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The points writer against a bare RowBinary insert of the same rows, in the same run, on a
 * ClickHouse 18.16 server of its own: into {@code points} with its materialized views, or with
 * {@code -DinsertOnly=true} into a copy without views (the client's share alone).
 * Sizes: {@code insertRows} (500000), {@code rounds} (4), {@code gpus} (10000).
 */
public final class WriterBenchmark {

    static final int GPUS = Integer.getInteger("gpus", 10_000);
    static final int INSERT_ROWS = Integer.getInteger("insertRows", 500_000);
    static final int ROUNDS = Integer.getInteger("rounds", 4);
    static final int BATCH = 100_000;
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.HOURS);

    public static void main(String[] args) throws Exception {
        Path home = Files.createTempDirectory("fathom-writer-bench");
        try (LocalClickHouseServer server = LocalClickHouseServer.start(home, FreePorts.pick())) {
            ClickHouseHttp clickhouse = new ClickHouseHttp(server.httpUrl(), "bench", Duration.ofMinutes(10));
            new Migrator(clickhouse).migrate();
            if (Boolean.getBoolean("insertOnly")) {
                clickhouse.execute("CREATE TABLE points_plain AS points");
                insertThroughput(clickhouse, "points_plain");
            } else {
                insertThroughput(clickhouse, "points");
            }
        } finally {
            StorageBenchmark.deleteTree(home);
        }
    }

    // ---- insert: writer vs bare RowBinary -----------------------------------------------------

    static void insertThroughput(ClickHouseHttp clickhouse, String table) throws Exception {
        List<List<Point>> batches = new ArrayList<>();
        List<Point> batch = new ArrayList<>();
        for (int i = 0; i < INSERT_ROWS; i++) {
            int gpu = i % GPUS;
            long t = NOW.minusSeconds(3600).toEpochMilli() + (i / GPUS) * 15_000L;
            batch.add(new Point("gpu.utilization", t, (i * 7919 % 101) / 100.0, "1", labels(gpu)));
            if (batch.size() == BATCH) {
                batches.add(batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        // The writer as a sink uses it: batch ids, the sink_batches check, Failsafe, RowBinary encoding.
        // Into points_plain (no views, so no sink_batches) it is the TableWriter with batch ids.
        PointWriter pointWriter = new PointWriter(clickhouse);
        TableWriter<Point> encoder = new TableWriter<>(clickhouse, PointWriter.format(0));
        java.util.function.BiConsumer<Long, List<Point>> writer = table.equals("points")
                ? (id, b) -> pointWriter.write(id, b)
                : (id, b) -> new TableWriter<>(clickhouse, renamed(PointWriter.format(id), table)).write(b);
        HttpClient http = HttpClient.newHttpClient();
        String bareUrl = clickhouse.baseUrl() + "/?database=bench&query="
                + URLEncoder.encode("INSERT INTO " + table + " (" + String.join(", ", PointWriter.format(0).columns()) + ") FORMAT RowBinary",
                        StandardCharsets.UTF_8);

        // Bare: the same rows, encoded beforehand, each batch one POST of RowBinary bytes.
        List<byte[]> encoded = batches.stream().map(encoder::encode).toList();
        long batchId = 1;
        double writerSeconds = 0;
        double bareSeconds = 0;
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            // Paired: each batch goes through both paths back to back, in alternating order, so
            // background merges and other load on the machine fall on both alike.
            double writerTime = 0;
            double bareTime = 0;
            for (int i = 0; i < batches.size(); i++) {
                for (int leg = 0; leg < 2; leg++) {
                    boolean writerLeg = (leg == 0) == (i % 2 == 0);
                    long start = System.nanoTime();
                    if (writerLeg) {
                        writer.accept(batchId++, batches.get(i));
                        writerTime += (System.nanoTime() - start) / 1e9;
                    } else {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(bareUrl))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(encoded.get(i))).build(), HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 200) {
                            throw new IllegalStateException(r.body());
                        }
                        bareTime += (System.nanoTime() - start) / 1e9;
                    }
                }
            }
            double writerRate = INSERT_ROWS / writerTime;
            double bareRate = INSERT_ROWS / bareTime;
            System.out.printf("insert round %d: writer %,.0f rows/s, bare RowBinary %,.0f rows/s, ratio %.2f (load %s)%n",
                    round + 1, writerRate, bareRate, writerRate / bareRate, loadAverage());
            if (round > 0) { // the first round warms up both paths
                writerSeconds += writerTime;
                bareSeconds += bareTime;
                ratios.add(writerRate / bareRate);
            }
        }
        ratios.sort(null);
        System.out.printf("INSERT %,d points x %d rounds in batches of %,d into %s: writer %,.0f rows/s, "
                + "bare RowBinary %,.0f rows/s, ratio of totals %.2f, median round ratio %.2f%n", INSERT_ROWS, ROUNDS - 1, BATCH,
                table.equals("points") ? "points (with its materialized views)" : table + " (no views)",
                INSERT_ROWS * (ROUNDS - 1) / writerSeconds, INSERT_ROWS * (ROUNDS - 1) / bareSeconds, bareSeconds / writerSeconds,
                ratios.get(ratios.size() / 2));
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    static <T> dev.fathom.storage.write.RowFormat<T> renamed(dev.fathom.storage.write.RowFormat<T> format, String table) {
        return new dev.fathom.storage.write.RowFormat<>() {
            @Override
            public String table() {
                return table;
            }

            @Override
            public List<String> columns() {
                return format.columns();
            }

            @Override
            public void write(T row, dev.fathom.storage.write.RowBinaryOutput out) {
                format.write(row, out);
            }
        };
    }

    static TreeMap<String, String> labels(int gpu) {
        return new TreeMap<>(Map.of("cluster", "c" + (gpu % 2), "gpu.index", Integer.toString(gpu % 8), "gpu.model", "NVIDIA H100 80GB HBM3",
                "gpu.uuid", "GPU-" + gpu, "host.name", "node-" + gpu / 8));
    }
}
