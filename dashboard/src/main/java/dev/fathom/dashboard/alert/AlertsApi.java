package dev.fathom.dashboard.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fathom.storage.clickhouse.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Silences through the Alertmanager API v2 that Fathom's alerts service offers (and that a real
 * Alertmanager offers too): {@code GET/POST /api/v2/silences}, {@code DELETE /api/v2/silence/{id}}.
 */
public class AlertsApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The alerts service's API token, the same variable the service's example config reads. */
    public static final String TOKEN_ENV = "FATHOM_ALERTS_TOKEN";

    private final String baseUrl;
    private final Secret token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    public AlertsApi(String baseUrl) {
        this(baseUrl, null);
    }

    /** @param token sent as {@code Authorization: Bearer} when not null (the service's {@code server.bearer_token}) */
    public AlertsApi(String baseUrl, Secret token) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Every silence the service knows, newest end first. */
    public List<Silence> silences() {
        JsonNode body = send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v2/silences")).GET(), "list silences");
        List<Silence> silences = new ArrayList<>();
        for (JsonNode s : body) {
            List<Silence.Matcher> matchers = new ArrayList<>();
            for (JsonNode m : s.path("matchers")) {
                matchers.add(new Silence.Matcher(m.path("name").asText(), m.path("value").asText(),
                        m.path("isRegex").asBoolean(), m.path("isEqual").asBoolean(true)));
            }
            silences.add(new Silence(s.path("id").asText(), matchers, Instant.parse(s.path("startsAt").asText()),
                    Instant.parse(s.path("endsAt").asText()), s.path("createdBy").asText(), s.path("comment").asText(),
                    s.path("status").path("state").asText()));
        }
        silences.sort((a, b) -> b.endsAt().compareTo(a.endsAt()));
        return silences;
    }

    /** Creates a silence and returns its id. */
    public String create(Silence silence) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode matchers = body.putArray("matchers");
        for (Silence.Matcher m : silence.matchers()) {
            matchers.addObject().put("name", m.name()).put("value", m.value()).put("isRegex", m.isRegex()).put("isEqual", m.isEqual());
        }
        body.put("startsAt", silence.startsAt().toString()).put("endsAt", silence.endsAt().toString())
                .put("createdBy", silence.createdBy()).put("comment", silence.comment());
        JsonNode answer = send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v2/silences"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())), "create a silence");
        return answer.path("silenceID").asText();
    }

    /** Expires a silence now. */
    public void expire(String id) {
        send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v2/silence/" + URLEncoder.encode(id, StandardCharsets.UTF_8))).DELETE(),
                "expire silence " + id);
    }

    private JsonNode send(HttpRequest.Builder request, String what) {
        HttpResponse<String> response;
        try {
            if (token != null) {
                request.header("Authorization", "Bearer " + token.reveal());
            }
            response = http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AlertsApiException("the alerts service at " + baseUrl + " is unreachable (" + e.getMessage()
                    + "): cannot " + what + " (set fathom.alerts.url)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AlertsApiException("interrupted while trying to " + what, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new AlertsApiException("the alerts service refused to " + what + ": HTTP " + response.statusCode() + " "
                    + response.body().trim(), null);
        }
        try {
            return response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AlertsApiException("the alerts service's answer to " + what + " is not JSON", e);
        }
    }

    /** A failed call, with a sentence fit for the page. */
    public static class AlertsApiException extends RuntimeException {
        AlertsApiException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
