package dev.fathom.collectors.fuzz;

import dev.fathom.local.fuzz.Mutations;
import java.util.List;

/** YAML built to exhaust or abuse a YAML loader: alias expansion, deep nesting, type tags, huge scalars. */
final class YamlBombs {

    private YamlBombs() {}

    static List<byte[]> all() {
        StringBuilder laughs = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char c = 'b'; c <= 'i'; c++) {
            char p = (char) (c - 1);
            laughs.append(c).append(": &").append(c).append(" [").append(("*" + p + ",").repeat(8)).append('*').append(p)
                    .append("]\n");
        }
        String laughsInKey = "sources:\n  nvidia_smi:\n    command: &c [x, x, x, x, x, x, x, x, x, x]\n"
                + "  host_metrics: {enabled: *c}\n";
        return List.of(
                Mutations.utf8(laughs.toString()),
                Mutations.utf8(laughsInKey),
                Mutations.utf8("sources:\n" + "  ".repeat(1) + "a: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n"),
                Mutations.utf8("[".repeat(50_000) + "]".repeat(50_000)),
                Mutations.utf8("{a: ".repeat(50_000) + "1" + "}".repeat(50_000)),
                Mutations.utf8(nestedBlock(5_000)),
                Mutations.utf8("interval: !!java.lang.ProcessBuilder [\"touch\", \"/tmp/pwned\"]\n"),
                Mutations.utf8("host: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL"
                        + " [\"http://127.0.0.1:1/\"]]]]\n"),
                Mutations.utf8("interval: !<tag:yaml.org,2002:java.lang.Runtime> {}\n"),
                Mutations.utf8("sources:\n  simulated_fleet:\n    nodes: " + "9".repeat(100_000) + "\n"),
                Mutations.utf8("sources:\n  simulated_fleet:\n    seed: -" + "9".repeat(5_000) + "\n"),
                Mutations.utf8("spool:\n  max_bytes: " + "9".repeat(100_000) + "\n"),
                Mutations.utf8("spool:\n  max_bytes: 99999999999999GiB\n"),
                Mutations.utf8("interval: 9999999999999999999s\n"),
                Mutations.utf8("interval: 153722867280912931m\n"),
                Mutations.utf8("interval: 99999999999h\n"),
                Mutations.utf8("kafka:\n  delivery_timeout: PT2562047788015216H\n"),
                Mutations.utf8("sources:\n  prometheus:\n    - name: a\n      url: http://h/\n      metrics:\n        - match: m\n"
                        + "          name: n\n          scale: 1e400\n"),
                Mutations.utf8("host:\n  name: \"" + "x".repeat(5_000_000) + "\"\n"),
                Mutations.utf8("host:\n  name: \"" + "x".repeat(1_000_000) + "\"\n"),
                Mutations.utf8("host:\n  name: " + "x".repeat(1_000_000) + "\n"),
                Mutations.utf8("kafka:\n  producer:\n" + "    k: v\n".repeat(2) + "    k: w\n"),
                Mutations.utf8("receivers:\n  otlp:\n    enabled: true\n    http_port: 70000\n"),
                Mutations.utf8("~\n"),
                Mutations.utf8("---\n---\n"),
                Mutations.utf8("sources: ~\n"),
                Mutations.utf8("sources:\n  prometheus: [~]\n"),
                Mutations.utf8("self_metrics:\n  listen: \"" + "a".repeat(300) + ".invalid:9464\"\n"));
    }

    private static String nestedBlock(int depth) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            out.append(" ".repeat(i)).append("k").append(i).append(":\n");
        }
        return out.append(" ".repeat(depth)).append("v\n").toString();
    }
}
