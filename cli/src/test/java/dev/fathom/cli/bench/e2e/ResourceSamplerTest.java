package dev.fathom.cli.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResourceSamplerTest {

    @Test
    void threadsAreGroupedByTheComponentTheyWorkFor() {
        assertThat(ResourceSampler.group("bench-load")).isEqualTo(ResourceSampler.LOAD);
        assertThat(ResourceSampler.group("kafka-producer-network-thread | " + KafkaOtlpTarget.CLIENT_ID)).isEqualTo(ResourceSampler.LOAD);
        assertThat(ResourceSampler.group("bench-remote-write-2")).isEqualTo(ResourceSampler.LOAD);
        assertThat(ResourceSampler.group("bench-freshness")).isEqualTo(ResourceSampler.HARNESS);
        assertThat(ResourceSampler.group("Source: otlp-metrics -> decode-otlp (1/1)#0")).isEqualTo(ResourceSampler.FLINK);
        assertThat(ResourceSampler.group("Source Data Fetcher for Source: otlp-metrics (1/1)#0")).isEqualTo(ResourceSampler.FLINK);
        assertThat(ResourceSampler.group("kafka-coordinator-heartbeat-thread | fathom-points")).isEqualTo(ResourceSampler.FLINK);
        assertThat(ResourceSampler.group("flink-pekko.actor.default-dispatcher-5")).isEqualTo(ResourceSampler.FLINK);
        assertThat(ResourceSampler.group("data-plane-kafka-request-handler-3")).isEqualTo(ResourceSampler.KAFKA);
        assertThat(ResourceSampler.group("data-plane-kafka-network-thread-1-ListenerName(PLAINTEXT)-PLAINTEXT-0")).isEqualTo(ResourceSampler.KAFKA);
        assertThat(ResourceSampler.group("kafka-1-raft-io-thread")).isEqualTo(ResourceSampler.KAFKA);
        assertThat(ResourceSampler.group("main")).isEqualTo(ResourceSampler.OTHER);
    }

    @Test
    void cpuAndMemoryOfAProcessComeFromProc() {
        // Burn a little CPU so this process has some.
        long x = 0;
        for (int i = 0; i < 50_000_000; i++) {
            x += i ^ (x >>> 3);
        }
        assertThat(x).isNotZero();
        assertThat(ResourceSampler.procCpuNanos("self")).isPositive();
        assertThat(ResourceSampler.procRssBytes("self")).isGreaterThan(10L << 20);
        assertThat(ResourceSampler.procCpuNanos("999999999")).isZero();
    }

    @Test
    void coresAreCpuTimePerWallTime() {
        var from = new ResourceSampler.Snapshot(0, java.util.Map.of("flink job", 1_000_000_000L), java.util.Map.of(), 0, java.util.Map.of());
        var to = new ResourceSampler.Snapshot(2_000_000_000L, java.util.Map.of("flink job", 2_500_000_000L), java.util.Map.of(), 0, java.util.Map.of());

        assertThat(ResourceSampler.cores(from, to)).containsEntry("flink job", 0.75);
    }
}
