package dev.fathom.cli.bench.e2e;

import dev.fathom.local.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's Prometheus as a child process: remote-write receiver on, its own data directory, a
 * loopback port, no scrape targets. Stopped with SIGTERM (Prometheus flushes its head and exits),
 * then killed if it has not exited within 30 s.
 */
public final class PrometheusServer implements AutoCloseable {

    public static final Path DEFAULT_BINARY = Path.of("/usr/bin/prometheus");
    private static final Pattern APPENDED = Pattern.compile("(?m)^prometheus_tsdb_head_samples_appended_total(?:\\{[^}]*\\})? ([0-9.e+]+)$");

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The binary, from FATHOM_PROMETHEUS_BIN or /usr/bin/prometheus, when it exists. */
    public static Optional<Path> findBinary() {
        String env = System.getenv("FATHOM_PROMETHEUS_BIN");
        Path binary = env != null && !env.isBlank() ? Path.of(env) : DEFAULT_BINARY;
        return Files.isExecutable(binary) ? Optional.of(binary) : Optional.empty();
    }

    /** Starts Prometheus with its data and log under {@code home} and waits until it is ready. */
    public static PrometheusServer start(Path binary, Path home) throws IOException, InterruptedException {
        Files.createDirectories(home);
        Path config = home.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1m\nscrape_configs: []\n");
        int port = FreePorts.pick();
        // Its own session, as ClickHouse's: a terminal's Ctrl-C reaches the benchmark, which stops it.
        Process process = new ProcessBuilder(dev.fathom.local.OwnSession.command(java.util.List.of(binary.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + home.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--web.enable-remote-write-receiver",
                "--log.level=warn")))
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("prometheus.log").toFile())
                .start();
        PrometheusServer server = new PrometheusServer(process, port);
        try {
            server.awaitReady(home.resolve("prometheus.log"));
        } catch (IOException | RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void awaitReady(Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited with " + process.exitValue() + " while starting: "
                        + Files.readString(log).strip());
            }
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(url() + "/-/ready"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("prometheus was not ready after 60 s; see " + log);
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public URI remoteWriteUri() {
        return URI.create(url() + "/api/v1/write");
    }

    public long pid() {
        return process.pid();
    }

    public int port() {
        return port;
    }

    /**
     * {@code prometheus_tsdb_head_samples_appended_total} from its own /metrics, summed over its
     * {@code type} labels; 0 before the first append (2.42 shows the counter only from then on).
     */
    public long samplesAppended() throws IOException, InterruptedException {
        String metrics = get("/metrics");
        Matcher m = APPENDED.matcher(metrics);
        long total = 0;
        while (m.find()) {
            total += (long) Double.parseDouble(m.group(1));
        }
        return total;
    }

    /** The JSON answer of an instant query ({@code /api/v1/query}). */
    public String query(String promql) throws IOException, InterruptedException {
        return get("/api/v1/query?query=" + java.net.URLEncoder.encode(promql, java.nio.charset.StandardCharsets.UTF_8));
    }

    private String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url() + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
