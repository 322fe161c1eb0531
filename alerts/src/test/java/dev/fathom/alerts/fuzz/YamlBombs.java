package dev.fathom.alerts.fuzz;

import dev.fathom.local.fuzz.Mutations;

import java.util.List;

/** YAML built to exhaust a parser: alias expansion (billion laughs), deep nesting, huge scalars. */
final class YamlBombs {

    private YamlBombs() {}

    static List<byte[]> all() {
        StringBuilder laughs = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'j'; c++) {
            char prev = (char) (c - 1);
            laughs.append(c).append(": &").append(c).append(" [")
                    .append(("*" + prev + ",").repeat(8)).append('*').append(prev).append("]\n");
        }
        return List.of(
                Mutations.utf8(laughs.toString()),
                Mutations.utf8("[".repeat(50_000) + "]".repeat(50_000)),
                Mutations.utf8("a:\n" + "  - ".repeat(5_000) + "x\n"),
                Mutations.utf8("{a: ".repeat(20_000) + "1" + "}".repeat(20_000)),
                Mutations.utf8("k: " + "9".repeat(100_000) + "\n"),
                Mutations.utf8("k: 1e999999999\n"),
                Mutations.utf8("k: 1e-999999999\n"),
                Mutations.utf8("k: !!java.net.URL [\"http://example.invalid\"]\n"),
                Mutations.utf8("&a a: *a\n"),
                Mutations.utf8("---\n".repeat(20_000)),
                Mutations.utf8("k: \"" + "\\u0000".repeat(10_000) + "\"\n"));
    }
}
