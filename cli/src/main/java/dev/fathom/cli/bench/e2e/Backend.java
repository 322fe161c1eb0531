package dev.fathom.cli.bench.e2e;

import java.util.List;

/** What a ramp step reads from the system under test. */
interface Backend {

    String name();

    /** Points the system's entry point accepted (Kafka acknowledged; Prometheus answered 2xx). */
    long entered();

    /** Points readable by a query (rows in ClickHouse; samples appended to Prometheus' head). */
    long stored();

    /** Kafka consumer-group lag in records, or -1 where there is no Kafka. */
    long kafkaLag();

    /**
     * Freshness samples of points stamped in [fromMillis, toMillis). Markers not yet readable
     * count with their age so far (a lower bound), so a step that falls behind shows it.
     */
    List<FreshnessProbe.Sample> freshness(long fromMillis, long toMillis);

    /** Points lost: send errors, rejected requests. */
    long dropped();
}
