package dev.fathom.streamjobs.fuzz;

import dev.fathom.local.fuzz.FuzzRun;

import dev.fathom.local.fuzz.Mutations;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.fathom.streamjobs.decode.DecodedPoint;
import dev.fathom.streamjobs.decode.MalformedOtlpException;
import dev.fathom.streamjobs.decode.OtlpMetricsDecoder;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The stream jobs' OTLP decoder (one Kafka record = one ExportMetricsServiceRequest) on generated
 * requests (every metric kind, hostile values: NaN, infinities, huge and negative numbers, odd
 * units, NaN bucket bounds, nested attribute values) and on mutated bytes of them. A record that is
 * not protobuf is a {@link MalformedOtlpException} with a message; a record that is, decodes; a
 * data point with no value (NaN or the no-recorded-value flag) costs only itself.
 */
class OtlpDecoderFuzzTest {

    static final List<String> UNITS = List.of("", "1", "By", "KiBy", "MiBy", "ms", "us", "ns", "s", "min", "h", "d",
            "W", "mW", "kW", "Cel", "%", "{request}", "By/s", "bit", "\u0000", "ms/ms", "\ud800");

    private final OtlpMetricsDecoder decoder = new OtlpMetricsDecoder();

    @Property
    void generatedRequestsDecode(@ForAll("requests") ExportMetricsServiceRequest request) {
        byte[] bytes = request.toByteArray();
        FuzzRun.Outcome<OtlpMetricsDecoder.Result> outcome = FuzzRun.parse(bytes, () -> decoder.decode(bytes), null);
        for (DecodedPoint p : outcome.value().points()) {
            assertThat(Double.isNaN(p.point().value())).as("NaN point %s", p).isFalse();
        }
    }

    @Property
    void mutatedRecordsDecodeOrAreRefusedWithAMessage(@ForAll("records") byte[] record) {
        FuzzRun.parse(record, () -> decoder.decode(record), MalformedOtlpException.class);
    }

    /** Good gauge points around one without a value: every good one comes out, the empty one alone is left out. */
    @Property
    void aPointWithoutAValueKeepsTheOthers(@ForAll("goodValues") List<Double> values, @ForAll boolean flagged,
            @ForAll("indexes") int where) throws MalformedOtlpException {
        Gauge.Builder gauge = Gauge.newBuilder();
        for (int i = 0; i < values.size(); i++) {
            gauge.addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(1_764_410_400_000_000_000L + i * 1_000_000_000L)
                    .setAsDouble(values.get(i)).addAttributes(text("i", Integer.toString(i))));
        }
        NumberDataPoint.Builder empty = NumberDataPoint.newBuilder().setTimeUnixNano(1_764_410_400_000_000_000L)
                .addAttributes(text("i", "empty"));
        if (flagged) {
            empty.setFlags(1).setAsDouble(1);
        } else {
            empty.setAsDouble(Double.NaN);
        }
        List<NumberDataPoint> points = new ArrayList<>(gauge.getDataPointsList());
        points.add(Math.min(where, points.size()), empty.build());
        byte[] record = request(List.of(Metric.newBuilder().setName("g").setGauge(Gauge.newBuilder().addAllDataPoints(points)).build()))
                .toByteArray();
        List<DecodedPoint> decoded = decoder.decode(record).points();
        assertThat(decoded).extracting(p -> p.point().value()).containsExactlyElementsOf(values);
    }

    /** Found by this test: {@code BigDecimal.valueOf(NaN)} threw NumberFormatException out of decode. */
    @Test
    void aNaNBucketBoundCostsOnlyItsDataPoint() throws MalformedOtlpException {
        Metric histogram = Metric.newBuilder().setName("h").setHistogram(Histogram.newBuilder()
                .addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(1).addExplicitBounds(Double.NaN)
                        .addBucketCounts(0).addBucketCounts(0))).build();
        Metric gauge = Metric.newBuilder().setName("g").setGauge(Gauge.newBuilder()
                .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(1).setAsDouble(5))).build();
        byte[] record = request(List.of(histogram, gauge)).toByteArray();
        assertThat(decoder.decode(record).points()).extracting(p -> p.point().metric()).contains("g");
    }

    /** Found by this test: a NaN histogram sum became a NaN {@code .sum} point. */
    @Test
    void aNaNHistogramSumMakesNoSumPoint() throws MalformedOtlpException {
        Metric histogram = Metric.newBuilder().setName("h").setHistogram(Histogram.newBuilder()
                .addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(1).setCount(0).setSum(Double.NaN))).build();
        assertThat(decoder.decode(request(List.of(histogram)).toByteArray()).points())
                .extracting(p -> p.point().metric()).doesNotContain("h.sum");
    }

    @Provide
    Arbitrary<List<Double>> goodValues() {
        return Arbitraries.doubles().between(-1e12, 1e12).list().ofMaxSize(20);
    }

    @Provide
    Arbitrary<Integer> indexes() {
        return Arbitraries.integers().between(0, 20);
    }

    @Provide
    Arbitrary<byte[]> records() {
        List<byte[]> seeds = new ArrayList<>();
        // Fixed seeds (random 42), so a failing case is the same on every run.
        var generator = requests().generator(100);
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < 40; i++) {
            seeds.add(generator.next(random).value().toByteArray());
        }
        return Mutations.inputs(seeds, List.of("\n", "\u0012", "\u001a", "\u0008\u0001", "\u00ff\u00ff\u00ff\u00ff\u000f",
                "\u0011\u0000\u0000\u0000\u0000\u0000\u0000\u00f8\u007f"), List.of(nested(200), nested(20_000)));
    }

    @Provide
    Arbitrary<ExportMetricsServiceRequest> requests() {
        return metrics().list().ofMaxSize(6).map(OtlpDecoderFuzzTest::request);
    }

    private Arbitrary<Metric> metrics() {
        Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.of("gpu.utilization", "rpc.duration", "", "a.b.c"),
                Arbitraries.strings().ofMaxLength(40));
        Arbitrary<String> units = Arbitraries.oneOf(Arbitraries.of(UNITS), Arbitraries.strings().ofMaxLength(8));
        Arbitrary<Integer> kinds = Arbitraries.integers().between(0, 2);
        return Combinators.combine(names, units, kinds, numberPoints().list().ofMaxSize(5),
                histogramPoints().list().ofMaxSize(3), Arbitraries.of(AggregationTemporality.values())
                        .filter(t -> t != AggregationTemporality.UNRECOGNIZED), Arbitraries.of(true, false))
                .as((name, unit, kind, numbers, histograms, temporality, monotonic) -> {
                    Metric.Builder metric = Metric.newBuilder().setName(name).setUnit(unit);
                    switch (kind) {
                        case 0 -> metric.setGauge(Gauge.newBuilder().addAllDataPoints(numbers));
                        case 1 -> metric.setSum(Sum.newBuilder().addAllDataPoints(numbers)
                                .setAggregationTemporality(temporality).setIsMonotonic(monotonic));
                        default -> metric.setHistogram(Histogram.newBuilder().addAllDataPoints(histograms)
                                .setAggregationTemporalityValue(temporality.getNumber()));
                    }
                    return metric.build();
                });
    }

    private static Arbitrary<Double> hostileDoubles() {
        return Arbitraries.oneOf(Arbitraries.doubles(), Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, -0.0, 0.0, 1e308));
    }

    private static Arbitrary<Long> hostileLongs() {
        return Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L,
                1_764_410_400_000_000_000L));
    }

    private static Arbitrary<NumberDataPoint> numberPoints() {
        return Combinators.combine(hostileDoubles(), hostileLongs(), hostileLongs(), Arbitraries.of(0, 1, 2, 3),
                Arbitraries.of(true, false), attributes())
                .as((value, time, start, flags, asInt, attributes) -> {
                    NumberDataPoint.Builder p = NumberDataPoint.newBuilder().setTimeUnixNano(time).setStartTimeUnixNano(start)
                            .setFlags(flags).addAllAttributes(attributes);
                    return (asInt ? p.setAsInt(time) : p.setAsDouble(value)).build();
                });
    }

    private static Arbitrary<HistogramDataPoint> histogramPoints() {
        return Combinators.combine(hostileDoubles().list().ofMaxSize(6), hostileLongs().list().ofMaxSize(8),
                hostileLongs(), hostileDoubles(), Arbitraries.of(true, false), attributes())
                .as((bounds, counts, time, sum, hasSum, attributes) -> {
                    HistogramDataPoint.Builder p = HistogramDataPoint.newBuilder().setTimeUnixNano(time)
                            .addAllExplicitBounds(bounds).addAllBucketCounts(counts).setCount(counts.size())
                            .addAllAttributes(attributes);
                    if (hasSum) {
                        p.setSum(sum);
                    }
                    return p.build();
                });
    }

    private static Arbitrary<List<KeyValue>> attributes() {
        Arbitrary<AnyValue> leaf = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(20).map(s -> AnyValue.newBuilder().setStringValue(s).build()),
                hostileDoubles().map(d -> AnyValue.newBuilder().setDoubleValue(d).build()),
                hostileLongs().map(l -> AnyValue.newBuilder().setIntValue(l).build()),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(8).map(b -> AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(b)).build()),
                Arbitraries.just(AnyValue.getDefaultInstance()));
        Arbitrary<AnyValue> value = Arbitraries.oneOf(leaf, leaf.list().ofMaxSize(3)
                .map(l -> AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addAllValues(l)).build()));
        return Combinators.combine(Arbitraries.strings().ofMaxLength(12), value)
                .as((k, v) -> KeyValue.newBuilder().setKey(k).setValue(v).build()).list().ofMaxSize(4);
    }

    private static ExportMetricsServiceRequest request(List<Metric> metrics) {
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(text("host.name", "fuzz")))
                .addScopeMetrics(ScopeMetrics.newBuilder().addAllMetrics(metrics))).build();
    }

    private static KeyValue text(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    /** Field 1 (resource_metrics) nested in itself {@code depth} times: recursion bait. */
    private static byte[] nested(int depth) {
        byte[] inner = new byte[0];
        for (int i = 0; i < depth; i++) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            out.write(0x0a);
            int length = inner.length;
            while (length >= 0x80) {
                out.write((length & 0x7f) | 0x80);
                length >>>= 7;
            }
            out.write(length);
            out.writeBytes(inner);
            inner = out.toByteArray();
        }
        return inner;
    }
}
