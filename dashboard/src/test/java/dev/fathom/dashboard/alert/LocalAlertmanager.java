package dev.fathom.dashboard.alert;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Debian's real Prometheus Alertmanager as a child process on a free port: the same API v2 for
 * silences that Fathom's alerts service offers, so the dashboard's client is tested against the
 * implementation it imitates.
 */
public final class LocalAlertmanager implements AutoCloseable {

    static final String BINARY = "/usr/bin/prometheus-alertmanager";

    private final Process process;
    private final Path home;
    private final String url;

    private LocalAlertmanager(Process process, Path home, String url) {
        this.process = process;
        this.home = home;
        this.url = url;
    }

    public static LocalAlertmanager start() throws IOException, InterruptedException {
        Path home = Files.createTempDirectory("fathom-alertmanager");
        Path config = home.resolve("alertmanager.yml");
        Files.writeString(config, "route:\n  receiver: nowhere\nreceivers:\n  - name: nowhere\n");
        int port = freePort();
        Process process = new ProcessBuilder(List.of(BINARY, "--config.file=" + config, "--storage.path=" + home.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address="))
                .redirectErrorStream(true).redirectOutput(home.resolve("log.txt").toFile()).start();
        LocalAlertmanager alertmanager = new LocalAlertmanager(process, home, "http://127.0.0.1:" + port);
        alertmanager.awaitReady();
        return alertmanager;
    }

    public String url() {
        return url;
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("alertmanager exited: " + Files.readString(home.resolve("log.txt")));
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url + "/-/ready")).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        close();
        throw new IllegalStateException("alertmanager did not become ready at " + url);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
