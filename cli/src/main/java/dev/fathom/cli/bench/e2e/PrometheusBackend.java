package dev.fathom.cli.bench.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Prometheus under test: points enter when the load hands them to a remote-write shard and
 * are stored when Prometheus' head has appended them ({@code prometheus_tsdb_head_samples_appended_total}).
 * Freshness is per request: the 2xx answer's time minus the samples' time (a 2xx means appended,
 * and the head is queryable at once).
 */
final class PrometheusBackend implements Backend {

    private final PrometheusServer prometheus;
    private final RemoteWriteTarget target;
    private final long appendedBefore;

    PrometheusBackend(PrometheusServer prometheus, RemoteWriteTarget target) throws IOException, InterruptedException {
        this.prometheus = prometheus;
        this.target = target;
        this.appendedBefore = prometheus.samplesAppended();
    }

    @Override
    public String name() {
        return "prometheus";
    }

    @Override
    public long entered() {
        return target.submitted();
    }

    @Override
    public long stored() {
        try {
            return prometheus.samplesAppended() - appendedBefore;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    @Override
    public long kafkaLag() {
        return -1;
    }

    @Override
    public List<FreshnessProbe.Sample> freshness(long fromMillis, long toMillis) {
        return target.freshness(fromMillis, toMillis);
    }

    @Override
    public long dropped() {
        return target.failedRequests();
    }
}
