package dev.fathom.collectors.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.local.fuzz.Mutations;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** What the /proc and /sys fuzz tests share: line handling, bombs and the checks on what a collector reports. */
final class ProcFuzz {

    /** A warning names the file and line, says something, and quotes a bad line in a bounded way. */
    static final String WARNING = "(?s)fuzz line \\d+: .+";
    static final int MAX_WARNING = 1_000;

    /** Tokens of any /proc table: separators, counters at the edges of their range, signs. */
    static final List<String> TOKENS = List.of(" ", "  ", "\t", ":", "|", "18446744073709551615", "18446744073709551616",
            "9223372036854775807", "9223372036854775808", "-1", "+1", "0", "00000000000000000000001", "1e3", "0x10");

    private ProcFuzz() {}

    /** Inputs that hurt a line parser: huge and long numbers, negative counters, NaN text, long lines, NUL bytes, missing columns. */
    static List<byte[]> bombs(String goodLine) {
        String[] fields = goodLine.strip().split("\\s+");
        String missing = String.join(" ", java.util.Arrays.copyOf(fields, fields.length / 2));
        return List.of(
                Mutations.utf8(goodLine.replaceFirst("\\d+", "1".repeat(100_000))),
                Mutations.utf8(goodLine.replaceFirst("\\d+", "-5")),
                Mutations.utf8(goodLine.replaceFirst("\\d+", "NaN")),
                Mutations.utf8(goodLine.replaceFirst("\\d+", "Infinity")),
                Mutations.utf8(goodLine.replaceFirst("\\d+", "18446744073709551616")),
                Mutations.utf8(goodLine.replaceFirst("\\d+", "18446744073709551615")),
                Mutations.utf8(goodLine.replace(" ", "\u0000")),
                Mutations.utf8(goodLine + " 1".repeat(100_000)),
                Mutations.utf8((goodLine + "\n").repeat(20_000)),
                Mutations.utf8(missing),
                Mutations.utf8("x".repeat(300_000) + ": " + goodLine));
    }

    /** Where in the garbage a good line goes: a fraction of its length. */
    static net.jqwik.api.Arbitrary<Double> fractions() {
        return net.jqwik.api.Arbitraries.doubles().between(0, 0.999).ofScale(3);
    }

    /** A counter as the kernel prints it (%llu). */
    static String u(long counter) {
        return Long.toUnsignedString(counter);
    }

    /** The input's lines as the parsers split them (malformed UTF-8 as U+FFFD). */
    static List<String> lines(byte[] input) {
        return new ArrayList<>(List.of(new String(input, StandardCharsets.UTF_8).split("\n", -1)));
    }

    static byte[] join(List<String> lines) {
        return String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    }

    static void assertWarnings(List<String> warnings) {
        assertThat(warnings).allSatisfy(w -> assertThat(w).matches(WARNING).hasSizeLessThanOrEqualTo(MAX_WARNING));
    }

    /** No collector value is negative, NaN or infinite: every metric here is a counter or a size. */
    static void assertNoNegativeOrNonFinite(Collection<MetricData> metrics, byte[] input) {
        for (MetricData metric : metrics) {
            for (PointData point : metric.getData().getPoints()) {
                double value = point instanceof LongPointData l ? l.getValue() : ((DoublePointData) point).getValue();
                assertThat(value).as("%s %s for %s", metric.getName(), point.getAttributes(), dev.fathom.local.fuzz.FuzzRun.show(input))
                        .isFinite().isGreaterThanOrEqualTo(0);
            }
        }
    }

    static void write(Path file, byte[] content) {
        try {
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path tempDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteTree(Path root) {
        if (root == null) {
            return;
        }
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
