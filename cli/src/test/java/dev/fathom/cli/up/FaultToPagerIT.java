package dev.fathom.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.fathom.local.FreePorts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path of a page under `fathom up`: a thermal fault injected into the simulated fleet
 * heats a GPU, the points reach ClickHouse through Kafka and Flink, the alerts service's rule
 * fires, and Slack and PagerDuty (local stand-ins answering like the real ones) get the message
 * and the trigger; when the fault ends the same dedup_key is resolved.
 */
class FaultToPagerIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path varDir;

    private final List<JsonNode> slack = new CopyOnWriteArrayList<>();
    private final List<JsonNode> pagerDuty = new CopyOnWriteArrayList<>();
    private HttpServer receivers;
    private RunningUp up;

    @AfterEach
    void stop() throws Exception {
        if (up != null && up.process().isAlive()) {
            up.process().destroy();
            up.awaitExit(180);
        }
        if (receivers != null) {
            receivers.stop(0);
        }
    }

    @Test
    void aHotGpuPagesAndResolves() throws Exception {
        receivers = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receivers.createContext("/slack", exchange -> {
            slack.add(JSON.readTree(exchange.getRequestBody()));
            byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        receivers.createContext("/pagerduty", exchange -> {
            pagerDuty.add(JSON.readTree(exchange.getRequestBody()));
            byte[] accepted = "{\"status\":\"success\",\"message\":\"Event processed\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(202, accepted.length);
            exchange.getResponseBody().write(accepted);
            exchange.close();
        });
        receivers.start();
        String base = "http://127.0.0.1:" + receivers.getAddress().getPort();

        Path config = varDir.resolve("alerts-test.yaml");
        Files.createDirectories(varDir);
        Files.writeString(varDir.resolve("rules-test.yaml"), """
                rules:
                  - alert: GpuTooHot
                    expr: 'gpu.temperature > 85'
                    labels: {severity: critical}
                    annotations:
                      summary: 'GPU {{ $labels.gpu_uuid }} on {{ $labels.host }} is at {{ $value }} °C'
                """);
        // alerts.yaml refuses secrets written in it: the webhook URL and routing key come from files.
        Path slackUrl = Files.writeString(varDir.resolve("slack.url"), base + "/slack");
        Path routingKey = Files.writeString(varDir.resolve("pagerduty.key"), "test-routing-key");
        Files.writeString(config, """
                rule_files: [rules-test.yaml]
                rule_evaluation_interval: 2s
                route:
                  receiver: oncall
                  group_by: [alertname, host]
                  group_wait: 0s
                  group_interval: 5s
                receivers:
                  - name: oncall
                    slack_configs: [{api_url_file: %s, send_resolved: true}]
                    pagerduty_configs: [{routing_key_file: %s, url: %s/pagerduty}]
                """.formatted(slackUrl, routingKey, base));

        up = RunningUp.start(RunningUp.upCommand(varDir,
                "--kafka-port", Integer.toString(FreePorts.pick()), "--clickhouse-port", Integer.toString(FreePorts.pick()),
                "--alerts-port", Integer.toString(FreePorts.pick()), "--alerts-config", config.toString(),
                "--no-dashboard", "--no-host-metrics", "--nodes", "1", "--gpus-per-node", "2", "--interval", "1",
                "--fault", "thermal-throttling:sim-node-01:15s:45s"), varDir);
        up.awaitLine("Fathom is up", 300);

        JsonNode trigger = await(pagerDuty, e -> e.path("event_action").asText().equals("trigger"), 240, "a PagerDuty trigger");
        assertThat(trigger.path("routing_key").asText()).isEqualTo("test-routing-key");
        assertThat(trigger.path("payload").path("severity").asText()).isEqualTo("critical");
        assertThat(trigger.path("payload").path("summary").asText()).contains("GpuTooHot").contains("sim-node-01");
        JsonNode message = await(slack, m -> m.toString().contains("GpuTooHot"), 60, "a Slack message");
        assertThat(message.path("text").asText()).isNotBlank();
        assertThat(message.path("blocks").isArray()).isTrue();

        String dedupKey = trigger.path("dedup_key").asText();
        JsonNode resolve = await(pagerDuty, e -> e.path("event_action").asText().equals("resolve"), 240, "a PagerDuty resolve");
        assertThat(resolve.path("dedup_key").asText()).isEqualTo(dedupKey);
        assertThat(pagerDuty.stream().filter(e -> e.path("event_action").asText().equals("trigger")
                && e.path("dedup_key").asText().equals(dedupKey))).as("paged once").hasSize(1);
    }

    private JsonNode await(List<JsonNode> received, Predicate<JsonNode> match, int seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            for (JsonNode node : received) {
                if (match.test(node)) {
                    return node;
                }
            }
            if (!up.process().isAlive()) {
                throw new AssertionError("fathom up exited while waiting for " + what + ":\n" + up.output());
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no " + what + " within " + seconds + " s; received " + received + "\n" + up.output());
    }
}
