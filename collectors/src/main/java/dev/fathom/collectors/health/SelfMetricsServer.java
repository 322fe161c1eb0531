package dev.fathom.collectors.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.fathom.collectors.export.TransportStats;
import dev.fathom.collectors.reading.SourceStats;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The collector's own health and counters on {@code GET /metrics} (Prometheus text format 0.0.4)
 * and {@code GET /healthz}. Served by the JDK's built-in HTTP server on one daemon thread: a
 * handful of counters scraped every few seconds needs no web framework, and the few lines of text
 * format are written here (and read back by Fathom's own parser in the tests).
 */
public final class SelfMetricsServer implements AutoCloseable {

    private final HttpServer server;
    private final Supplier<List<SourceStats>> sources;
    private final Supplier<TransportStats> transport;

    private SelfMetricsServer(HttpServer server, Supplier<List<SourceStats>> sources, Supplier<TransportStats> transport) {
        this.server = server;
        this.sources = sources;
        this.transport = transport;
    }

    /** Starts serving on {@code address} (port 0 picks a free one). */
    public static SelfMetricsServer start(InetSocketAddress address, Supplier<List<SourceStats>> sources,
            Supplier<TransportStats> transport) throws IOException {
        HttpServer server = HttpServer.create(address, 16);
        SelfMetricsServer self = new SelfMetricsServer(server, sources, transport);
        server.createContext("/metrics", self::metrics);
        server.createContext("/healthz", self::health);
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "fathom-self-metrics");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        return self;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void metrics(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
            respond(exchange, 405, "text/plain; charset=utf-8", "use GET\n");
            return;
        }
        respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", render(sources.get(), transport.get()));
    }

    private void health(HttpExchange exchange) throws IOException {
        TransportStats stats = transport.get();
        boolean healthy = stats == null || stats.brokerReachable() || stats.spoolCapacityBytes() > 0;
        String body = stats == null ? "starting\n"
                : (stats.brokerReachable() ? "ok\n" : "kafka unreachable; " + stats.spooledRecords() + " record(s) spooled\n");
        respond(exchange, healthy ? 200 : 503, "text/plain; charset=utf-8", body);
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(bytes);
            }
        }
    }

    /** The exposition; public for the benchmark and tests. */
    public static String render(List<SourceStats> sources, TransportStats transport) {
        StringBuilder out = new StringBuilder(4096);
        gauge(out, "fathom_collector_up", "1 while the collector runs.", 1);
        family(out, "fathom_collector_source_points_read_total", "counter", "Points read from each source.");
        for (SourceStats source : sources) {
            sample(out, "fathom_collector_source_points_read_total", source.source(), source.pointsRead());
        }
        family(out, "fathom_collector_source_read_failures_total", "counter", "Collections in which a source could not be read at all.");
        for (SourceStats source : sources) {
            sample(out, "fathom_collector_source_read_failures_total", source.source(), source.readFailures());
        }
        family(out, "fathom_collector_source_parse_errors_total", "counter", "Lines or values a source could not parse.");
        for (SourceStats source : sources) {
            sample(out, "fathom_collector_source_parse_errors_total", source.source(), source.parseErrors());
        }
        family(out, "fathom_collector_source_last_success_timestamp_seconds", "gauge", "When each source was last read successfully.");
        for (SourceStats source : sources) {
            sample(out, "fathom_collector_source_last_success_timestamp_seconds", source.source(),
                    source.lastSuccessMillis() / 1000.0);
        }
        if (transport != null) {
            counter(out, "fathom_collector_records_accepted_total", "Kafka records handed to the transport.", transport.recordsAccepted());
            counter(out, "fathom_collector_points_accepted_total", "Points in them.", transport.pointsAccepted());
            counter(out, "fathom_collector_records_sent_total", "Records the broker acknowledged.", transport.recordsSent());
            counter(out, "fathom_collector_points_sent_total", "Points the broker acknowledged.", transport.pointsSent());
            counter(out, "fathom_collector_records_dropped_total", "Records lost (spool full, or no spool and Kafka away).", transport.recordsDropped());
            counter(out, "fathom_collector_points_dropped_total", "Points lost.", transport.pointsDropped());
            gauge(out, "fathom_collector_spool_records", "Records waiting in the spool.", transport.spooledRecords());
            gauge(out, "fathom_collector_spool_bytes", "Bytes the spool holds.", transport.spooledBytes());
            gauge(out, "fathom_collector_spool_capacity_bytes", "The spool's size limit (0: no spool).", transport.spoolCapacityBytes());
            gauge(out, "fathom_collector_kafka_reachable", "1 while sends to Kafka succeed.", transport.brokerReachable() ? 1 : 0);
        }
        counter(out, "fathom_collector_process_cpu_seconds_total", "CPU time of the collector process.", processCpuSeconds());
        double rss = residentBytes();
        if (!Double.isNaN(rss)) {
            gauge(out, "fathom_collector_process_resident_memory_bytes", "Resident set size of the collector process.", rss);
        }
        return out.toString();
    }

    /** CPU seconds this process used, user and system. */
    public static double processCpuSeconds() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    /** VmRSS of this process from /proc/self/status, NaN where there is none. */
    public static double residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    private static void family(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void counter(StringBuilder out, String name, String help, double value) {
        family(out, name, "counter", help);
        out.append(name).append(' ').append(number(value)).append('\n');
    }

    private static void gauge(StringBuilder out, String name, String help, double value) {
        family(out, name, "gauge", help);
        out.append(name).append(' ').append(number(value)).append('\n');
    }

    private static void sample(StringBuilder out, String name, String source, double value) {
        out.append(name).append("{source=\"").append(escape(source)).append("\"} ").append(number(value)).append('\n');
    }

    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
