package dev.fathom.cli.up;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The dashboard as its own JVM, as it is deployed. It is told this process's pid and stops by
 * itself if this process disappears, so it never outlives {@code fathom up}.
 */
final class DashboardProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final int port;

    private DashboardProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static DashboardProcess start(Path jar, int port, String clickhouseUrl, String database, String alertsUrl, Path dataDir, Path logFile)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("dashboard jar " + jar + " is missing: build it with `mvn -B -DskipTests install`");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Files.createDirectories(logFile.getParent());
        Process process = new ProcessBuilder(List.of(java, "-Xmx512m", "-jar", jar.toString(),
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--fathom.clickhouse.url=" + clickhouseUrl,
                "--fathom.clickhouse.database=" + database,
                "--fathom.alerts.url=" + alertsUrl,
                "--fathom.data-dir=" + dataDir,
                "--fathom.parent-pid=" + ProcessHandle.current().pid()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        DashboardProcess dashboard = new DashboardProcess(process, port);
        dashboard.awaitReady(logFile);
        return dashboard;
    }

    private void awaitReady(Path logFile) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the dashboard exited with code " + process.exitValue() + "; see " + logFile);
            }
            try {
                HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(url())).build(),
                        HttpResponse.BodyHandlers.discarding());
                // 200, or a redirect to the login page: either way the app is serving.
                if (response.statusCode() < 400) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        close();
        throw new IllegalStateException("the dashboard did not answer within " + START_TIMEOUT.toSeconds() + " s; see " + logFile);
    }

    String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
