package dev.fathom.collectors.fuzz;

import dev.fathom.local.fuzz.FuzzRun;

import dev.fathom.local.fuzz.Mutations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.collectors.prometheus.PrometheusFamily;
import dev.fathom.collectors.prometheus.PrometheusSample;
import dev.fathom.collectors.prometheus.PrometheusTextParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The scrape parser on mutated real expositions (nvidia_gpu_exporter's captured /metrics) and on
 * generated text. It never throws: a broken line is one error naming its line number, and every
 * other line is still read.
 */
class PrometheusTextFuzzTest {

    static final List<byte[]> EXPOSITIONS = Fixtures.under("nvidia-smi-captures/internal/integration/testdata", ".metrics");

    static final List<String> TOKENS = List.of("# HELP ", "# TYPE ", "counter", "gauge", "histogram", "summary",
            "untyped", "nvidia_smi_power_draw_watts", "_bucket", "_sum", "_count", "{", "}", "le=\"", "\"", "=\"",
            "\\n", "\\\\", "\\\"", "\\x", ",", " ", "\t", "\n", "NaN", "+Inf", "-Inf", "1.5e+09", "1700000000000",
            "uuid=\"GPU-1\"");

    /** The fixtures as read unchanged, by index: read once, compared with many times. */
    private static final java.util.Map<Integer, PrometheusTextParser.Result> CLEAN = new java.util.concurrent.ConcurrentHashMap<>();

    @Property
    void anyExpositionIsReadLineByLine(@ForAll("inputs") byte[] input) {
        PrometheusTextParser.Result result = FuzzRun.parse(input, () -> PrometheusTextParser.parse(input, "fuzz"), null).value();
        assertThat(result.errors()).allSatisfy(e -> assertThat(e).matches("(?s)fuzz line \\d+: .+"));
        for (PrometheusFamily family : result.families()) {
            assertThat(family.name()).isNotEmpty();
            assertThat(family.samples()).allSatisfy(s -> assertThat(s.name()).isNotEmpty());
        }
    }

    /** One garbage line among good ones: one error naming it, and exactly the other samples. */
    @Property
    void aGarbageLineKeepsTheOtherSamples(@ForAll("seeds") int seed, @ForAll("garbageLines") String garbage,
            @ForAll("fractions") double where) {
        String clean = new String(EXPOSITIONS.get(seed), StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(List.of(clean.split("\n", -1)));
        int at = (int) (where * lines.size());
        lines.add(at, garbage);
        byte[] input = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
        PrometheusTextParser.Result before = CLEAN.computeIfAbsent(seed, i -> PrometheusTextParser.parse(clean, "fuzz"));
        PrometheusTextParser.Result after = FuzzRun.parse(input, () -> PrometheusTextParser.parse(input, "fuzz"), null).value();
        assertThat(samples(after)).containsExactlyElementsOf(samples(before));
        assertThat(after.errors()).hasSize(before.errors().size() + 1)
                .anySatisfy(e -> assertThat(e).startsWith("fuzz line " + (at + 1) + ": "));
    }

    /** Samples without their line numbers (which move when a line is inserted). */
    private static List<String> samples(PrometheusTextParser.Result result) {
        List<String> out = new ArrayList<>();
        for (PrometheusFamily family : result.families()) {
            for (PrometheusSample s : family.samples()) {
                out.add(family.name() + "/" + family.type() + " " + s.name() + s.labels() + " " + s.value() + " " + s.timestampMillis());
            }
        }
        return out;
    }

    @Provide
    Arbitrary<byte[]> inputs() {
        return Mutations.inputs(EXPOSITIONS, TOKENS, List.of(
                Mutations.utf8("m{" + "a=\"1\",".repeat(20_000) + "} 1"),
                Mutations.utf8("m{a=\"" + "\\\\".repeat(50_000) + "\"} 1"),
                Mutations.utf8("m 1" + "0".repeat(100_000) + "e"),
                Mutations.utf8("m ." + "1".repeat(100_000) + "."),
                Mutations.utf8("# TYPE m counter\n".repeat(5_000))));
    }

    @Provide
    Arbitrary<Integer> seeds() {
        return Arbitraries.integers().between(0, EXPOSITIONS.size() - 1);
    }

    /** Lines that cannot be a sample or a comment: they start with a character no metric name starts with. */
    @Provide
    Arbitrary<String> garbageLines() {
        return Arbitraries.strings().withChars("{}=\"0123456789-+.,;!$%&()*/?@[]^`|~").ofLength(1)
                .flatMap(first -> Arbitraries.strings().ofMaxLength(200)
                        .filter(s -> s.indexOf('\n') < 0 && s.indexOf('\r') < 0)
                        .map(rest -> first + rest));
    }

    @Provide
    Arbitrary<Double> fractions() {
        return Arbitraries.doubles().between(0, 0.999).ofScale(3);
    }
}
