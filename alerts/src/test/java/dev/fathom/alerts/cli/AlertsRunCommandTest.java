package dev.fathom.alerts.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code alerts run}: exit codes for bad input, and a real process that stops cleanly on SIGTERM and SIGINT. */
class AlertsRunCommandTest {

    @TempDir
    Path dir;

    private static final String CONFIG = """
            data_dir: state
            server:
              listen: 127.0.0.1:0
            route:
              receiver: hook
              group_wait: 1h
            receivers:
              - name: hook
                webhook_configs:
                  - url_file: hook.url
            """;

    @BeforeEach
    void writeTheWebhookUrlFile() throws Exception {
        Files.writeString(dir.resolve("hook.url"), "http://127.0.0.1:9/never-called\n");
    }

    private int run(StringWriter err, String... args) {
        CommandLine cmd = new CommandLine(new AlertsMain());
        cmd.setErr(new PrintWriter(err));
        cmd.setOut(new PrintWriter(new StringWriter()));
        return cmd.execute(args);
    }

    @Test
    void aBadConfigIsExitCode2WithTheLineAndCheckValidatesAGoodOne() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, CONFIG.replace("group_wait: 1h", "group_wait: soon"));
        StringWriter err = new StringWriter();
        assertThat(run(err, "run", "--config", bad.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("line 6").contains("'soon' is not a duration");

        assertThat(run(new StringWriter(), "run", "--config", dir.resolve("missing.yaml").toString())).isEqualTo(2);
        Path good = dir.resolve("good.yaml");
        Files.writeString(good, CONFIG);
        assertThat(run(new StringWriter(), "run", "--check", "--config", good.toString())).isZero();
        assertThat(run(new StringWriter(), "run")).isEqualTo(2); // --config is required
    }

    @Test
    void aTakenPortIsExitCode1NamingIt() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Path config = dir.resolve("taken.yaml");
            Files.writeString(config, CONFIG);
            StringWriter err = new StringWriter();
            // --listen overrides the config's port 0 with the taken one.
            assertThat(run(err, "run", "--config", config.toString(), "--listen", "127.0.0.1:" + taken.getLocalPort())).isEqualTo(1);
            assertThat(err.toString()).contains("cannot start").contains(Integer.toString(taken.getLocalPort()));
            assertThat(run(new StringWriter(), "run", "--config", config.toString(), "--listen", "nonsense")).isEqualTo(2);
        }
    }

    @Test
    void theServiceProcessStopsCleanlyOnSigtermAndSigintKeepingItsState() throws Exception {
        Path config = dir.resolve("alerts.yaml");
        Files.writeString(config, CONFIG);
        for (String signal : List.of("TERM", "INT")) {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), AlertsMain.class.getName(), "run", "--config", config.toString())
                    .redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                int port = -1;
                StringBuilder seen = new StringBuilder();
                for (String line; port < 0 && (line = out.readLine()) != null; ) {
                    seen.append(line).append('\n');
                    Matcher m = Pattern.compile("alerts listening on port (\\d+)").matcher(line);
                    if (m.find()) {
                        port = Integer.parseInt(m.group(1));
                    }
                }
                assertThat(port).as("output: " + seen).isPositive();
                HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v2/alerts"))
                        .POST(HttpRequest.BodyPublishers.ofString("[{\"labels\":{\"alertname\":\"Sig" + signal + "\"}}]")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(posted.statusCode()).isEqualTo(200);

                new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
                assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).isZero();
                String rest = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(rest).contains("alerts stopped");
                int closedPort = port;
                assertThatThrownBy(() -> new Socket("127.0.0.1", closedPort).close()).isInstanceOf(java.io.IOException.class);
                assertThat(Files.readString(dir.resolve("state/state.jsonl"))).contains("Sig" + signal);
            } finally {
                p.destroyForcibly();
            }
        }
    }
}
