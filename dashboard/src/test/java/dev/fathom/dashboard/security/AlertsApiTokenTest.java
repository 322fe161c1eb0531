package dev.fathom.dashboard.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.fathom.dashboard.alert.AlertsApi;
import dev.fathom.local.junit.TestSecrets;
import dev.fathom.storage.clickhouse.Secret;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard sends the alerts service's API token with its silence requests; a refusal
 * names the status but never the token.
 */
class AlertsApiTokenTest {

    private HttpServer server;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        // Answers like the alerts service with server.bearer_token set.
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v2/silences", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(String.valueOf(auth));
            boolean ok = ("Bearer " + TestSecrets.WEBHOOK_TOKEN).equals(auth);
            byte[] body = (ok ? "[]" : "{\"error\":\"unauthorized\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ok ? 200 : 401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void theTokenTravelsAsABearerHeader() {
        assertThat(new AlertsApi(url(), new Secret(TestSecrets.WEBHOOK_TOKEN)).silences()).isEmpty();
        assertThat(authorizations).containsExactly("Bearer " + TestSecrets.WEBHOOK_TOKEN);
    }

    @Test
    void aWrongTokenIsRefusedWithoutShowingIt() {
        String wrong = TestSecrets.PREFIX + "wrong-alerts-token";
        assertThatThrownBy(() -> new AlertsApi(url(), new Secret(wrong)).silences())
                .isInstanceOf(AlertsApi.AlertsApiException.class).hasMessageContaining("401")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong));
        assertThatThrownBy(() -> new AlertsApi(url()).silences()).hasMessageContaining("401");
    }
}
