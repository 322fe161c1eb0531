package dev.fathom.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real ClickHouse server (Debian's clickhouse-server) run as a child process on 127.0.0.1, with
 * its config, data and logs under one directory of the caller's. The directory is reused across
 * starts, so data survives. A server left behind by a process that was killed is stopped first.
 */
public final class LocalClickHouseServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalClickHouseServer.class);
    private static final List<String> BINARIES = List.of("/usr/sbin/clickhouse-server", "/usr/bin/clickhouse-server", "/usr/bin/clickhouse");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Process guardian;
    private final Path home;
    private final int httpPort;

    private LocalClickHouseServer(Process process, Process guardian, Path home, int httpPort) {
        this.process = process;
        this.guardian = guardian;
        this.home = home;
        this.httpPort = httpPort;
    }

    /** The server binary, from FATHOM_CLICKHOUSE_BIN or Debian's usual places. */
    public static Optional<Path> findBinary() {
        String configured = System.getenv("FATHOM_CLICKHOUSE_BIN");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        return BINARIES.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }

    /**
     * Writes the config under {@code home} and starts the server, returning once it answers
     * queries.
     *
     * @param httpPort HTTP interface port; the native TCP port is chosen free
     */
    public static LocalClickHouseServer start(Path home, int httpPort) {
        return start(home, httpPort, List.of());
    }

    /**
     * As {@link #start(Path, int)}, with {@code users} in users.xml (SHA-256 password hashes)
     * beside the passwordless {@code default} user, so clients can run against real
     * authentication.
     */
    public static LocalClickHouseServer start(Path home, int httpPort, List<ClickHouseUser> users) {
        return start(home, httpPort, users, null);
    }

    /**
     * As {@link #start(Path, int, List)}, also serving HTTPS on {@code https.port()} with its
     * certificate when {@code https} is not null (readiness is still checked on plain HTTP).
     */
    public static LocalClickHouseServer start(Path home, int httpPort, List<ClickHouseUser> users, ClickHouseHttps https) {
        Path binary = findBinary().orElseThrow(() -> new IllegalStateException(
                "ClickHouse server not found (looked for " + String.join(", ", BINARIES) + "). "
                        + "Install it with: sudo apt-get install -y clickhouse-server clickhouse-client "
                        + "(or set FATHOM_CLICKHOUSE_BIN to the clickhouse-server binary)"));
        try {
            stopLeftover(home);
            if (FreePorts.isListening(httpPort)) {
                throw new IllegalStateException("ClickHouse HTTP port " + httpPort + " on 127.0.0.1 is already in use:"
                        + " stop what listens there or choose another port");
            }
            for (String dir : List.of("data", "tmp", "user_files", "format_schemas", "log", "etc")) {
                Files.createDirectories(home.resolve(dir));
            }
            Path config = ClickHouseConfigFiles.write(home, httpPort, FreePorts.pick(), users, https);
            Path stdout = home.resolve("log/stdout.log");
            Process process = new ProcessBuilder(OwnSession.command(List.of(binary.toString(), "--config-file=" + config)))
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout.toFile()))
                    .start();
            Files.writeString(home.resolve("server.pid"), Long.toString(process.pid()));
            LocalClickHouseServer server = new LocalClickHouseServer(process, startGuardian(process), home, httpPort);
            server.awaitReady();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start ClickHouse in " + home, e);
        }
    }

    /**
     * A small shell process that stops the server (SIGTERM, so it shuts down cleanly) if this JVM
     * dies without doing so, e.g. on SIGKILL: a JVM cannot ask the kernel to signal its children
     * when it dies.
     */
    private static Process startGuardian(Process server) throws IOException {
        long self = ProcessHandle.current().pid();
        long child = server.pid();
        String script = "while kill -0 " + self + " 2>/dev/null && kill -0 " + child + " 2>/dev/null; do sleep 1; done; "
                + "kill -0 " + child + " 2>/dev/null && kill -TERM " + child;
        return new ProcessBuilder(OwnSession.command(List.of("sh", "-c", script)))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectErrorStream(true)
                .start();
    }

    /**
     * Stops a server that an earlier run started in {@code home} and left running (that run was
     * killed before it could stop it): it holds the data directory and the port.
     */
    public static void stopLeftover(Path home) throws IOException {
        Path pidFile = home.resolve("server.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).trim());
        } catch (NumberFormatException e) {
            Files.delete(pidFile);
            return;
        }
        Optional<ProcessHandle> leftover = ProcessHandle.of(pid)
                .filter(p -> p.info().command().map(c -> c.contains("clickhouse")).orElse(false));
        if (leftover.isPresent()) {
            log.warn("stopping ClickHouse server left running by an earlier run (pid {})", pid);
            leftover.get().destroy();
            try {
                leftover.get().onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                leftover.get().destroyForcibly();
            }
        }
        Files.delete(pidFile);
    }

    private void awaitReady() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("ClickHouse exited with code " + process.exitValue()
                        + " while starting; its log says:\n" + logTail());
            }
            try {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(URI.create(httpUrl() + "/?query=SELECT%201")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IllegalStateException("interrupted while waiting for ClickHouse", e);
            }
            sleep(100);
        }
        close();
        throw new IllegalStateException("ClickHouse did not answer within " + START_TIMEOUT.toSeconds()
                + " s; its log says:\n" + logTail());
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(home.resolve("log/clickhouse-server.err.log"), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log at " + home.resolve("log") + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Base URL of the HTTP interface, e.g. http://127.0.0.1:8123 */
    public String httpUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public long pid() {
        return process.pid();
    }

    /** Stops the server with SIGTERM, and SIGKILL if it has not exited in 30 s. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    log.warn("ClickHouse did not stop in {} s; killing it", STOP_TIMEOUT.toSeconds());
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        guardian.destroy();
        try {
            guardian.waitFor(5, TimeUnit.SECONDS);
            Files.deleteIfExists(home.resolve("server.pid"));
        } catch (IOException e) {
            log.debug("cannot remove pid file", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
