package dev.fathom.cli.bench.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends the load to Prometheus by remote write, as Prometheus' own remote-write queue does:
 * several shards in parallel, each owning a share of the series and POSTing one snappy
 * WriteRequest at a time, waiting for the answer. When every sender is busy and the queue is full the load blocks, so a
 * Prometheus that cannot keep up shows as load below its offered rate. A 2xx answer means the
 * samples are in its head block and queryable: freshness is that answer's time minus the samples'.
 */
final class RemoteWriteTarget implements PacedLoad.Target, AutoCloseable {

    static final String THREAD_PREFIX = "bench-remote-write";
    /** Requests a shard holds (sending and waiting) before the load blocks. */
    static final int QUEUE_PER_SHARD = 4;

    private final GeneratedSeries series;
    private final URI uri;
    private final int samplesPerRequest;
    private final byte[][] labels;
    private final byte[] markerLabels;
    private final ExecutorService[] shards;
    private final Semaphore[] queues;
    private final HttpClient http;
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong markers = new AtomicLong();
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong failedRequests = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private final List<FreshnessProbe.Sample> freshness = new ArrayList<>();

    RemoteWriteTarget(GeneratedSeries series, URI uri, int samplesPerRequest, int senders) {
        this.series = series;
        this.uri = uri;
        this.samplesPerRequest = samplesPerRequest;
        this.labels = new byte[series.count()][];
        for (int s = 0; s < series.count(); s++) {
            labels[s] = RemoteWriteRequest.labels(prometheusLabels(GeneratedSeries.gaugeOf(s).prometheusName(), s));
        }
        this.markerLabels = RemoteWriteRequest.labels(List.of(
                new String[] {"__name__", GeneratedSeries.MARKER_PROMETHEUS},
                new String[] {"cluster", GeneratedSeries.CLUSTER},
                new String[] {"host_name", "bench-marker"}));
        this.shards = new ExecutorService[senders];
        this.queues = new Semaphore[senders];
        for (int i = 0; i < senders; i++) {
            String name = THREAD_PREFIX + "-" + i;
            shards[i] = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
            queues[i] = new Semaphore(QUEUE_PER_SHARD);
        }
        AtomicInteger h = new AtomicInteger();
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(2, r -> {
                    Thread t = new Thread(r, THREAD_PREFIX + "-http-" + h.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }))
                .build();
    }

    /** A fleet series' labels with Prometheus names (dots become underscores), sorted by name. */
    static List<String[]> prometheusLabels(String metricName, int s) {
        List<String[]> out = new ArrayList<>();
        out.add(new String[] {"__name__", metricName});
        for (String[] label : GeneratedSeries.labels(s)) {
            out.add(new String[] {label[0].replace('.', '_'), label[1]});
        }
        out.sort((a, b) -> a[0].compareTo(b[0]));
        return out;
    }

    @Override
    public void send(long from, long to, long tickMillis) throws InterruptedException {
        // Like Prometheus' queue manager: a series always goes through the same shard, and each
        // shard sends one request at a time, so a series' samples arrive in time order.
        List<List<RemoteWriteRequest.Sample>> batches = new ArrayList<>();
        for (int i = 0; i < shards.length; i++) {
            batches.add(new ArrayList<>(samplesPerRequest));
        }
        batches.get(0).add(new RemoteWriteRequest.Sample(markerLabels, tickMillis, tickMillis));
        markers.incrementAndGet();
        for (long n = from; n < to; n++) {
            int s = series.seriesOf(n);
            int shard = s % shards.length;
            List<RemoteWriteRequest.Sample> batch = batches.get(shard);
            batch.add(new RemoteWriteRequest.Sample(labels[s],
                    GeneratedSeries.value(GeneratedSeries.gaugeOf(s), n), series.timeMillis(tickMillis, from, n)));
            if (batch.size() == samplesPerRequest) {
                submit(shard, batch, tickMillis);
                batches.set(shard, new ArrayList<>(samplesPerRequest));
            }
        }
        for (int shard = 0; shard < shards.length; shard++) {
            if (!batches.get(shard).isEmpty()) {
                submit(shard, batches.get(shard), tickMillis);
            }
        }
    }

    private void submit(int shard, List<RemoteWriteRequest.Sample> batch, long tickMillis) throws InterruptedException {
        queues[shard].acquire();
        submitted.addAndGet(batch.size());
        shards[shard].execute(() -> {
            try {
                post(batch, tickMillis);
            } finally {
                queues[shard].release();
            }
        });
    }

    private void post(List<RemoteWriteRequest.Sample> batch, long tickMillis) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", RemoteWriteRequest.CONTENT_TYPE)
                .header("Content-Encoding", RemoteWriteRequest.CONTENT_ENCODING)
                .header(RemoteWriteRequest.VERSION_HEADER, RemoteWriteRequest.VERSION)
                .header("User-Agent", "fathom-bench")
                .POST(HttpRequest.BodyPublishers.ofByteArray(RemoteWriteRequest.body(batch)))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 == 2) {
                acked.addAndGet(batch.size());
                long now = System.currentTimeMillis();
                synchronized (freshness) {
                    freshness.add(new FreshnessProbe.Sample(tickMillis, now - tickMillis, true));
                }
            } else {
                failed("HTTP " + response.statusCode() + ": " + response.body().strip());
            }
        } catch (IOException e) {
            failed(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void failed(String why) {
        failedRequests.incrementAndGet();
        firstFailure.compareAndSet(null, why);
    }

    /** Samples Prometheus answered 2xx for (fleet and markers). */
    long ackedPoints() {
        return acked.get();
    }

    /** Samples handed to a shard (fleet and markers): what entered, counted as it enters. */
    long submitted() {
        return submitted.get();
    }

    /** Marker samples sent (one per tick), on top of the fleet's points. */
    long markers() {
        return markers.get();
    }

    long failedRequests() {
        return failedRequests.get();
    }

    String firstFailure() {
        return firstFailure.get();
    }

    /** Requests whose samples were stamped in [fromMillis, toMillis): answer time minus sample time. */
    List<FreshnessProbe.Sample> freshness(long fromMillis, long toMillis) {
        synchronized (freshness) {
            return freshness.stream().filter(s -> s.tickMillis() >= fromMillis && s.tickMillis() < toMillis).toList();
        }
    }

    /** Waits until every queued request is answered (at most a minute per shard). */
    void drain() throws InterruptedException {
        for (Semaphore queue : queues) {
            if (queue.tryAcquire(QUEUE_PER_SHARD, 60, TimeUnit.SECONDS)) {
                queue.release(QUEUE_PER_SHARD);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (ExecutorService shard : shards) {
            shard.shutdown();
        }
        for (ExecutorService shard : shards) {
            if (!shard.awaitTermination(30, TimeUnit.SECONDS)) {
                shard.shutdownNow();
            }
        }
    }
}
