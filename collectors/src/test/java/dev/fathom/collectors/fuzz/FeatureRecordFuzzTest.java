package dev.fathom.collectors.fuzz;

import dev.fathom.local.fuzz.FuzzRun;

import dev.fathom.local.fuzz.Mutations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.collectors.drift.BadRecordException;
import dev.fathom.collectors.drift.FeatureRecord;
import dev.fathom.collectors.drift.FeatureRecordParser;
import dev.fathom.collectors.gpu.InferenceFeatureRecords;
import dev.fathom.collectors.gpu.SimulatedGpuFleet;
import dev.fathom.collectors.gpu.Workload;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Drift feature records (one JSON object each, from Kafka or a JSON-lines file), mutated and
 * generated: a record is read or refused with a {@link BadRecordException} whose reason and
 * message say what is wrong; deep nesting and huge numbers are refused, not crashed on.
 */
class FeatureRecordFuzzTest {

    static final List<byte[]> RECORDS = records();

    static final List<String> TOKENS = List.of("{", "}", "[", "]", "\"model\":", "\"version\":", "\"timestamp\":",
            "\"features\":", "\"prediction\":", "\"label\":", "\"2026-11-29T10:00:00Z\"", "1764410400000", "null",
            "true", "false", "\"\"", ",", ":", "\"\\u0000\"", "\"\\ud800\"", "1e400", "-0.0", "{\"a\":{\"b\":1}}");

    private final FeatureRecordParser parser = new FeatureRecordParser();

    @Property
    void aRecordIsReadOrRefusedWithItsReason(@ForAll("inputs") byte[] input) {
        FuzzRun.Outcome<FeatureRecord> outcome = FuzzRun.parse(input, () -> parser.parse(input), BadRecordException.class);
        if (outcome.rejected()) {
            assertThat(((BadRecordException) outcome.rejection()).reason()).isNotBlank();
        } else {
            FeatureRecord record = outcome.value();
            assertThat(record.model()).isNotBlank();
            assertThat(record.timestamp()).isNotNull();
            record.features().values().forEach(v -> assertThat(v == null || v instanceof String
                    || (v instanceof Double d && Double.isFinite(d))).as("feature value %s", v).isTrue());
        }
    }

    @Provide
    Arbitrary<byte[]> inputs() {
        return Mutations.inputs(RECORDS, TOKENS, List.of(Bombs.jsonDeep(100_000), Bombs.jsonDeepObjects("features", 50_000),
                Mutations.utf8("{\"model\":\"m\",\"timestamp\":1,\"features\":{\"x\":" + "9".repeat(100_000) + "}}"),
                Mutations.utf8("{\"model\":\"m\",\"timestamp\":" + "9".repeat(30) + ",\"features\":{}}"),
                Mutations.utf8("{\"model\":\"m\",\"timestamp\":\"+1000000000-12-31T23:59:59Z\",\"features\":{}}"),
                Mutations.utf8("{\"model\":\"m\",\"timestamp\":1,\"features\":{" + "\"k\":1,".repeat(30_000) + "\"z\":1}}")));
    }

    /** What the simulated inference nodes publish, plus the documented example. */
    private static List<byte[]> records() {
        List<byte[]> out = new ArrayList<>();
        SimulatedGpuFleet fleet = SimulatedGpuFleet.create(2, 1, 42, Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC),
                List.of(Workload.INFERENCE), Set.of());
        new InferenceFeatureRecords(fleet, 42).between(1_764_410_400_000L, 1_764_410_410_000L)
                .forEach(r -> out.add(Mutations.utf8(r)));
        out.add(Mutations.utf8("{\"model\": \"churn\", \"version\": \"3\", \"timestamp\": \"2026-11-29T10:00:00Z\","
                + " \"features\": {\"age\": 41, \"plan\": \"pro\", \"tenure\": null}, \"prediction\": 0.83, \"label\": 1}"));
        if (out.size() < 2) {
            throw new IllegalStateException("the simulated fleet published no feature records");
        }
        return out;
    }
}
