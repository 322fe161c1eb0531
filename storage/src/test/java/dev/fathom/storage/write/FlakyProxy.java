package dev.fathom.storage.write;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server in front of the real ClickHouse that spoils the first answers: either it
 * refuses without forwarding (503), or it forwards the request (so ClickHouse does write) and
 * then loses the answer (503 back), the case where a plain retry would write twice.
 */
final class FlakyProxy implements AutoCloseable {

    enum Mode { REFUSE, FORWARD_THEN_LOSE_ANSWER }

    private final HttpServer server;
    private final AtomicInteger spoilLeft;
    final AtomicInteger requests = new AtomicInteger();

    FlakyProxy(String target, Mode mode, int spoiled) throws IOException {
        this.spoilLeft = new AtomicInteger(spoiled);
        HttpClient client = HttpClient.newHttpClient();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = exchange.getRequestBody().readAllBytes();
            // Only inserts are spoiled; the writer's look-ups go through untouched.
            String query = exchange.getRequestURI().getRawQuery();
            boolean spoil = query != null && query.contains("query=INSERT") && spoilLeft.getAndDecrement() > 0;
            int status;
            byte[] answer;
            if (spoil && mode == Mode.REFUSE) {
                status = 503;
                answer = "Code: 202, e.displayText() = DB::Exception: Too many simultaneous queries".getBytes();
            } else {
                try {
                    HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(target + exchange.getRequestURI()))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
                    status = spoil ? 503 : r.statusCode();
                    answer = spoil ? "lost".getBytes() : r.body();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
            exchange.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
