package dev.fathom.cli.reliability;

import dev.fathom.cli.reliability.PointStream.Request;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends the stream's rounds to a collector's OTLP/HTTP receiver as an OpenTelemetry exporter does:
 * a request refused with 429/503 is sent again after its Retry-After, one that cannot connect
 * after a short pause, in order. Only a 2xx answer puts a request's points in the ledger; one
 * still refused when the sender stops is counted as not accepted (the sender knows it is lost).
 */
final class OtlpHttpSender implements AutoCloseable {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final PointStream stream;
    private final Ledger ledger;
    private final List<String> hosts;
    private final int gpus;
    private final Duration period;
    private final AtomicReference<URI> target = new AtomicReference<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong refusedAnswers = new AtomicLong();
    private final AtomicLong unreachable = new AtomicLong();
    private final AtomicLong abandonedPoints = new AtomicLong();
    private final AtomicReference<String> lastRefusal = new AtomicReference<>("");
    private final Thread thread;

    OtlpHttpSender(PointStream stream, Ledger ledger, List<String> hosts, int gpus, Duration period, int receiverPort) {
        this.stream = stream;
        this.ledger = ledger;
        this.hosts = hosts;
        this.gpus = gpus;
        this.period = period;
        retarget(receiverPort);
        this.thread = new Thread(this::run, "fault-sender");
        thread.setDaemon(true);
    }

    /** Sends a round for every host each period, from a thread of its own, until closed. */
    OtlpHttpSender startRounds() {
        thread.start();
        return this;
    }

    void retarget(int port) {
        target.set(URI.create("http://127.0.0.1:" + port + "/v1/metrics"));
    }

    private void run() {
        while (running.get()) {
            long next = System.nanoTime() + period.toNanos();
            for (Request request : stream.nextRound(hosts, gpus)) {
                if (!running.get()) {
                    break; // never sent: neither accepted nor refused
                }
                if (!deliver(request)) {
                    abandonedPoints.addAndGet(request.points().size());
                }
            }
            long wait = next - System.nanoTime();
            if (wait > 0) {
                sleep(wait / 1_000_000);
            }
        }
    }

    /** Sends until accepted (true) or until the sender is stopped (false). */
    boolean deliver(Request request) {
        while (running.get()) {
            Answer answer = send(request);
            if (answer.status / 100 == 2) {
                ledger.accepted(request.points());
                return true;
            }
            sleep(answer.retryAfterMillis);
        }
        return false;
    }

    record Answer(int status, String retryAfter, long retryAfterMillis) {}

    /** One attempt; status 0 when the receiver could not be reached. */
    Answer send(Request request) {
        HttpRequest post = HttpRequest.newBuilder(target.get())
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.body())).build();
        try {
            HttpResponse<String> response = http.send(post, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2) {
                return new Answer(response.statusCode(), "", 0);
            }
            String retryAfter = response.headers().firstValue("Retry-After").orElse("");
            refusedAnswers.incrementAndGet();
            lastRefusal.set(response.statusCode() + " Retry-After: " + retryAfter + " " + response.body());
            long millis = retryAfter.isEmpty() ? 1_000 : Long.parseLong(retryAfter.trim()) * 1_000;
            return new Answer(response.statusCode(), retryAfter, millis);
        } catch (IOException e) {
            unreachable.incrementAndGet();
            return new Answer(0, "", 250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
            return new Answer(0, "", 0);
        }
    }

    long refusedAnswers() {
        return refusedAnswers.get();
    }

    long unreachable() {
        return unreachable.get();
    }

    long abandonedPoints() {
        return abandonedPoints.get();
    }

    String lastRefusal() {
        return lastRefusal.get();
    }

    private void sleep(long millis) {
        long deadline = System.currentTimeMillis() + millis;
        while (running.get() && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(Math.min(50, Math.max(1, deadline - System.currentTimeMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Stops sending; a request still being refused is abandoned (and counted). */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        if (thread.isAlive()) {
            thread.join(15_000);
        }
    }
}
