package dev.fathom.alerts.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fathom.alerts.AlertsEngine;
import dev.fathom.alerts.config.Secret;
import dev.fathom.alerts.silence.Silence;
import dev.fathom.alerts.silence.SilenceJson;
import dev.fathom.model.alert.Alert;
import dev.fathom.model.alert.AlertJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API on Jetty: Alertmanager API v2's alert and silence endpoints (so Prometheus, amtool
 * and the dashboard talk to Fathom as to an Alertmanager), Alertmanager's webhook body as an
 * input, and health checks. With a bearer token configured, every {@code /api/} and
 * {@code /webhook/} request must carry it.
 *
 * <pre>
 * POST   /api/v2/alerts           postable alerts (array); unset endsAt resolves after resolve_timeout
 * GET    /api/v2/alerts           gettable alerts that are not resolved
 * GET    /api/v2/silences         all silences
 * POST   /api/v2/silences         create (no id) or update (id) a silence: {"silenceID": ".."}
 * GET    /api/v2/silence/{id}     one silence
 * DELETE /api/v2/silence/{id}     expire a silence
 * POST   /webhook/alertmanager    Alertmanager's webhook body (version 4): its alerts come in
 * GET    /-/healthy, /-/ready
 * </pre>
 */
public final class AlertsHttpApi implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AlertsHttpApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    private final AlertsEngine engine;
    private final Secret bearerToken;
    private final Server server;
    private final ServerConnector connector;

    /** A request the API refuses, with the status and a message for the client. */
    private static final class HttpError extends RuntimeException {
        final int status;

        HttpError(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    public AlertsHttpApi(AlertsEngine engine, String host, int port, Secret bearerToken) {
        this.engine = engine;
        this.bearerToken = bearerToken == null || bearerToken.isEmpty() ? null : bearerToken;
        QueuedThreadPool threads = new QueuedThreadPool(16, 2);
        threads.setName("alerts-http");
        this.server = new Server(threads);
        this.connector = new ServerConnector(server, 1, 1);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                serve(request, response, callback);
                return true;
            }
        });
        server.setStopTimeout(5000);
    }

    public void start() throws Exception {
        server.start();
        log.info("alerts API listening on http://{}:{}", connector.getHost(), port());
    }

    /** The bound port (useful with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    private void serve(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        int status = 200;
        String body;
        try {
            if ((path.startsWith("/api/") || path.startsWith("/webhook/")) && !authorized(request)) {
                throw new HttpError(401, "missing or wrong bearer token");
            }
            body = route(method, path, request);
        } catch (HttpError e) {
            status = e.status;
            body = error(e.getMessage());
        } catch (NoSuchElementException e) {
            status = 404;
            body = error(e.getMessage());
        } catch (IllegalArgumentException e) {
            status = 400;
            body = error(e.getMessage());
        } catch (RuntimeException e) {
            log.error("{} {} failed", method, path, e);
            status = 500;
            body = error("internal error: " + e.getClass().getSimpleName());
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        Content.Sink.write(response, true, body, callback);
    }

    private String route(String method, String path, Request request) {
        switch (method + " " + path) {
            case "GET /-/healthy", "GET /-/ready":
                return "\"OK\"";
            case "POST /api/v2/alerts":
                engine.ingest(alerts(readJson(request)), true);
                return "";
            case "GET /api/v2/alerts":
                return gettableAlerts().toString();
            case "GET /api/v2/silences":
                Instant now = engine.now();
                ArrayNode list = JSON.createArrayNode();
                engine.silences().forEach(s -> list.add(SilenceJson.toApi(s, now)));
                return list.toString();
            case "POST /api/v2/silences":
                Silence saved = engine.saveSilence(SilenceJson.fromApi(readJson(request)));
                return JSON.createObjectNode().put("silenceID", saved.id()).toString();
            case "POST /webhook/alertmanager":
                engine.ingest(webhookAlerts(readJson(request)), false);
                return "";
            default:
                break;
        }
        if (path.startsWith("/api/v2/silence/")) {
            String id = path.substring("/api/v2/silence/".length());
            if (method.equals("GET")) {
                return SilenceJson.toApi(engine.silence(id).orElseThrow(() -> new NoSuchElementException("silence " + id + " not found")), engine.now()).toString();
            }
            if (method.equals("DELETE")) {
                engine.expireSilence(id);
                return "";
            }
            throw new HttpError(405, method + " is not allowed on " + path);
        }
        throw new HttpError(404, "no such endpoint: " + method + " " + path);
    }

    private boolean authorized(Request request) {
        if (bearerToken == null) {
            return true;
        }
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        byte[] expected = ("Bearer " + bearerToken.value()).getBytes(StandardCharsets.UTF_8);
        return header != null && MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode readJson(Request request) {
        byte[] bytes;
        try (InputStream in = Content.Source.asInputStream(request)) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw new HttpError(400, "the request body could not be read: " + e.getMessage());
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new HttpError(413, "the request body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        try {
            return JSON.readTree(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("the request body is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** Postable alerts: every one is checked before any is taken, so a bad batch loses nothing half-way. */
    static List<Alert> alerts(JsonNode body) {
        if (body == null || !body.isArray()) {
            throw new IllegalArgumentException("expected a JSON array of alerts");
        }
        List<Alert> out = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            try {
                out.add(AlertJson.fromNode(body.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("alert " + i + ": " + e.getMessage());
            }
        }
        return out;
    }

    /** Alertmanager's webhook body: its alerts, a resolved one without endsAt ending now. */
    List<Alert> webhookAlerts(JsonNode body) {
        if (body == null || !body.isObject() || !body.path("alerts").isArray()) {
            throw new IllegalArgumentException("expected Alertmanager's webhook body: an object with an 'alerts' array");
        }
        List<Alert> out = new ArrayList<>();
        JsonNode list = body.get("alerts");
        for (int i = 0; i < list.size(); i++) {
            try {
                Alert a = AlertJson.fromNode(list.get(i));
                if ("resolved".equals(list.get(i).path("status").asText()) && a.endsAt() == null) {
                    a = a.resolvedAt(engine.now());
                }
                if ("firing".equals(list.get(i).path("status").asText()) && a.endsAt() != null) {
                    // Alertmanager sends a firing alert's expected end; Fathom waits for the resolve.
                    a = new Alert(a.labels(), a.annotations(), a.startsAt(), null, a.generatorURL());
                }
                out.add(a);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("alerts[" + i + "]: " + e.getMessage());
            }
        }
        return out;
    }

    private ArrayNode gettableAlerts() {
        Instant now = engine.now();
        ArrayNode list = JSON.createArrayNode();
        for (AlertsEngine.AlertView v : engine.alerts()) {
            if (v.alert().isResolvedAt(now)) {
                continue;
            }
            ObjectNode n = AlertJson.toNode(v.alert());
            n.put("fingerprint", v.alert().fingerprint());
            n.put("updatedAt", now.toString());
            ArrayNode receivers = n.putArray("receivers");
            v.receivers().forEach(r -> receivers.addObject().put("name", r));
            ObjectNode status = n.putObject("status");
            status.put("state", v.state());
            ArrayNode silencedBy = status.putArray("silencedBy");
            v.silencedBy().forEach(silencedBy::add);
            ArrayNode inhibitedBy = status.putArray("inhibitedBy");
            v.inhibitedBy().forEach(inhibitedBy::add);
            list.add(n);
        }
        return list;
    }

    private static String error(String message) {
        return JSON.createObjectNode().put("error", message == null ? "" : message).toString();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("stopping the alerts API failed: {}", e.toString());
        }
    }
}
