package dev.fathom.local.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Fuzz inputs as jqwik arbitraries: real fixtures changed by a few mutation steps (what a broken
 * exporter, a cut-off upload or a hostile client sends), token soups built from the format's own
 * pieces, raw random bytes, and "bombs" (deep nesting, entity expansion, huge lines). jqwik shows
 * the fixture index and the steps of a failing case, which is enough to rebuild it.
 */
public final class Mutations {

    private Mutations() {}

    /** How one step changes the bytes. */
    public enum Operator {
        FLIP_BITS, TRUNCATE, DUPLICATE_SLICE, INSERT_RANDOM, DELETE_SLICE, SPLICE, INSERT_TOKEN, REPLACE_NUMBER, NON_UTF8
    }

    /**
     * One mutation step. {@code at} and {@code to} are positions as fractions of the input's length,
     * so a step means the same on any fixture.
     */
    public record Step(Operator operator, double at, double to, int length, byte[] random, int pick) {
        @Override
        public String toString() {
            return operator + "(at=" + at + ", to=" + to + ", length=" + length + ", random=" + Arrays.toString(random)
                    + ", pick=" + pick + ")";
        }
    }

    /** Values that break number parsing: huge, tiny, NaN and infinities, overflow, odd spellings. */
    public static final List<String> NUMBERS = List.of("NaN", "nan", "-NaN", "Infinity", "-Infinity", "Inf", "+Inf", "-Inf",
            "1e309", "-1e309", "4.9e-325", "1e-400", "-0", "0x7fffffff", "0xFFFFFFFFFFFFFFFFF", "9223372036854775808",
            "-9223372036854775809", "99999999999999999999999999999999999999", "1.7976931348623157E308",
            "1" + "0".repeat(400), "1e99999999999", "1d", "1f", "0x1p3", "", " ", "-", "+", ".", "1.2.3", "1e", "٣",
            "１２", "1_000");

    /** Bytes and characters parsers trip on, whatever the format. */
    public static final List<String> GENERIC_TOKENS = List.of("\n", "\r\n", "\r", "\t", " ", "\u0000", "\"", "'", "\\", ",",
            ";", ":", "=", "{", "}", "[", "]", "<", ">", "&", "#", "%", "\u00e9", "\ud83d\ude00", "\ufeff", "\u2028",
            "[N/A]", "null", "true", "${x}", "%s%n", "../../etc/passwd");

    public static Arbitrary<Step> steps(int fixtures, int tokens) {
        return Combinators.combine(
                Arbitraries.of(Operator.class),
                Arbitraries.doubles().between(0, 1),
                Arbitraries.doubles().between(0, 1),
                Arbitraries.integers().between(1, 256),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(24),
                Arbitraries.integers().between(0, Math.max(fixtures, tokens) + NUMBERS.size()))
                .as(Step::new);
    }

    /** A fixture changed by one to five steps. */
    public static Arbitrary<byte[]> mutated(List<byte[]> fixtures, List<String> formatTokens) {
        List<String> tokens = new ArrayList<>(formatTokens);
        tokens.addAll(GENERIC_TOKENS);
        return Combinators.combine(
                Arbitraries.integers().between(0, fixtures.size() - 1),
                steps(fixtures.size(), tokens.size()).list().ofMinSize(1).ofMaxSize(5))
                .as((index, steps) -> {
                    byte[] bytes = fixtures.get(index);
                    for (Step step : steps) {
                        bytes = apply(step, bytes, fixtures, tokens);
                    }
                    return bytes;
                })
                // jqwik's edge cases of nested combinations grow with the tries until the heap is gone
                // (seen at 10,000); the bombs are this fuzzer's edge cases.
                .withoutEdgeCases();
    }

    /** Text made of the format's own tokens, NUMBERS and generic trouble: generated, not mutated. */
    public static Arbitrary<byte[]> tokenSoup(List<String> formatTokens) {
        List<String> tokens = new ArrayList<>(formatTokens);
        tokens.addAll(GENERIC_TOKENS);
        tokens.addAll(NUMBERS);
        return Arbitraries.of(tokens).list().ofMaxSize(200)
                .map(list -> String.join("", list).getBytes(StandardCharsets.UTF_8));
    }

    /** Anything at all: random bytes, mostly short. */
    public static Arbitrary<byte[]> randomBytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(2048);
    }

    /**
     * The usual mix: mostly mutated fixtures, then token soups, random bytes and the bombs (which
     * include the empty input).
     */
    public static Arbitrary<byte[]> inputs(List<byte[]> fixtures, List<String> formatTokens, List<byte[]> bombs) {
        List<byte[]> all = new ArrayList<>(bombs);
        all.addAll(genericBombs());
        return Arbitraries.frequencyOf(
                Tuple.of(12, mutated(fixtures, formatTokens)),
                Tuple.of(4, tokenSoup(formatTokens)),
                Tuple.of(2, randomBytes()),
                Tuple.of(1, Arbitraries.of(all))).withoutEdgeCases();
    }

    /** Inputs that hurt any parser: empty, NUL, a very long line, a very long number, invalid UTF-8. */
    public static List<byte[]> genericBombs() {
        return List.of(
                new byte[0],
                new byte[] {0},
                utf8(" "),
                utf8("\n".repeat(10_000)),
                utf8("a".repeat(200_000)),
                utf8("1".repeat(100_000) + "x"),
                utf8("9".repeat(100_000)),
                new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, 0x28, (byte) 0xed, (byte) 0xa0, (byte) 0x80},
                new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf});
    }

    public static byte[] apply(Step step, byte[] in, List<byte[]> fixtures, List<String> tokens) {
        int n = in.length;
        int at = (int) Math.min(n, Math.floor(step.at() * (n + 1)));
        int to = (int) Math.min(n, Math.floor(step.to() * (n + 1)));
        return switch (step.operator()) {
            case FLIP_BITS -> {
                if (n == 0) {
                    yield step.random();
                }
                byte[] out = in.clone();
                for (int i = 0; i < step.random().length && at + i < n; i++) {
                    out[Math.min(n - 1, at + i * Math.max(1, step.length() / 8))] ^= step.random()[i];
                }
                yield out;
            }
            case TRUNCATE -> Arrays.copyOf(in, at);
            case DUPLICATE_SLICE -> {
                int end = Math.min(n, at + step.length() * (1 + step.pick() % 64));
                byte[] slice = Arrays.copyOfRange(in, at, end);
                int copies = 1 + step.pick() % 4;
                yield insert(in, to, repeat(slice, copies));
            }
            case INSERT_RANDOM -> insert(in, at, step.random());
            case DELETE_SLICE -> concat(Arrays.copyOf(in, at), Arrays.copyOfRange(in, Math.min(n, at + step.length()), n));
            case SPLICE -> {
                byte[] other = fixtures.get(step.pick() % fixtures.size());
                int from = (int) Math.min(other.length, Math.floor(step.to() * (other.length + 1)));
                yield concat(Arrays.copyOf(in, at), Arrays.copyOfRange(other, from, other.length));
            }
            case INSERT_TOKEN -> insert(in, at, utf8(tokens.get(step.pick() % tokens.size())));
            case REPLACE_NUMBER -> replaceNumber(in, at, NUMBERS.get(step.pick() % NUMBERS.size()));
            case NON_UTF8 -> insert(in, at, new byte[] {(byte) 0xc3, (byte) (0x28 + (step.pick() & 0x07)), (byte) 0xff,
                    (byte) 0x80});
        };
    }

    /** Replaces the run of digits at or after {@code at} with {@code number}; appends it when there is none. */
    private static byte[] replaceNumber(byte[] in, int at, String number) {
        int start = at;
        while (start < in.length && !Character.isDigit(in[start])) {
            start++;
        }
        if (start >= in.length) {
            return concat(in, utf8(number));
        }
        int end = start;
        while (end < in.length && (Character.isDigit(in[end]) || in[end] == '.')) {
            end++;
        }
        return concat(concat(Arrays.copyOf(in, start), utf8(number)), Arrays.copyOfRange(in, end, in.length));
    }

    public static byte[] insert(byte[] in, int at, byte[] piece) {
        return concat(concat(Arrays.copyOf(in, at), piece), Arrays.copyOfRange(in, at, in.length));
    }

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    public static byte[] repeat(byte[] piece, int times) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(piece.length * times);
        for (int i = 0; i < times; i++) {
            out.writeBytes(piece);
        }
        return out.toByteArray();
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
