package dev.fathom.alerts.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A local HTTP server standing in for Slack, PagerDuty or a webhook: it records every request and
 * answers from a script (status, headers, delay), then with its default answer.
 */
public final class RecordingServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One received request. */
    public record Received(String method, String path, Map<String, List<String>> headers, String body, long arrivedNanos, long arrivedMillis) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    /** One scripted answer. */
    public record Answer(int status, Map<String, String> headers, Duration delay, String body) {
        public static Answer status(int status) {
            return new Answer(status, Map.of(), Duration.ZERO, "");
        }

        public static Answer retryAfter(int seconds) {
            return new Answer(429, Map.of("Retry-After", Integer.toString(seconds)), Duration.ZERO, "{\"message\":\"rate limited\"}");
        }

        public static Answer slow(Duration delay) {
            return new Answer(200, Map.of(), delay, "");
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Answer> script = new ConcurrentLinkedDeque<>();
    private volatile Answer otherwise;

    public RecordingServer(int defaultStatus) {
        this.otherwise = Answer.status(defaultStatus);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            long nanos = System.nanoTime();
            long millis = System.currentTimeMillis();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    Map.copyOf(exchange.getRequestHeaders()), body, nanos, millis));
            Answer answer = script.pollFirst();
            if (answer == null) {
                answer = otherwise;
            }
            try {
                if (!answer.delay().isZero()) {
                    Thread.sleep(answer.delay().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
            try {
                exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
                if (out.length > 0) {
                    try (OutputStream os = exchange.getResponseBody()) {
                        os.write(out);
                    }
                }
            } catch (IOException e) {
                // the client gave up (timeout test): nothing to answer
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** Answers the next requests with these, in order. */
    public RecordingServer then(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    public void answerOtherwise(int status) {
        otherwise = Answer.status(status);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    public int count() {
        return received.size();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
