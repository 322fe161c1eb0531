package dev.fathom.collectors.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DriftProfileCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new DriftCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void buildsAProfileFileFromJsonLinesSkippingBadLinesAndOtherModels() throws Exception {
        Random random = new Random(21);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            lines.add(DriftRecords.json(DriftRecords.random(random, "churn", 0, new double[] {0.5, 0.3, 0.2})));
        }
        lines.add("{\"model\":\"other\",\"timestamp\":1,\"features\":{\"y\":1}}");
        lines.add("garbage line");
        lines.add("");
        lines.add("{\"model\":\"churn\",\"timestamp\":\"2026-11-29T10:00:00Z\",\"features\":{\"x\":null,\"plan\":\"pro\"}}");
        Path input = dir.resolve("ref.jsonl");
        Files.write(input, lines, StandardCharsets.UTF_8);
        Path output = dir.resolve("profiles/churn.json");

        int exit = run("profile", "--input", input.toString(), "--model", "churn", "--output", output.toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(err.toString()).contains("line 402: not valid JSON");
        assertThat(out.toString()).contains("401 rows, 2 features and the prediction").contains("1 bad lines skipped")
                .contains("1 rows of other models ignored");
        ReferenceProfile profile = ReferenceProfile.read(output);
        assertThat(profile.format()).isEqualTo(ReferenceProfile.FORMAT);
        assertThat(profile.model()).isEqualTo("churn");
        assertThat(profile.rows()).isEqualTo(401);
        assertThat(profile.bins()).isEqualTo(30);
        FeatureProfile x = profile.features().get("x");
        assertThat(x.kind()).isEqualTo(FeatureKind.NUMERIC);
        assertThat(x.missing()).isEqualTo(1);
        assertThat(x.missingShare()).isEqualTo(1.0 / 401);
        assertThat(x.sample()).hasSize(400).isSorted();
        assertThat(x.counts()).hasSize(30);
        FeatureProfile plan = profile.features().get("plan");
        assertThat(plan.kind()).isEqualTo(FeatureKind.CATEGORICAL);
        assertThat(plan.categories().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(401);
        assertThat(profile.prediction().kind()).isEqualTo(FeatureKind.NUMERIC);
        assertThat(profile.prediction().missing()).isEqualTo(1);
    }

    @Test
    void largeReferencesKeepAnEvenlySpacedSample() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            lines.add("{\"model\":\"m\",\"timestamp\":1,\"features\":{\"v\":" + i + "}}");
        }
        Path input = Files.write(dir.resolve("big.jsonl"), lines);
        Path output = dir.resolve("m.json");
        assertThat(run("profile", "--input", input.toString(), "--model", "m", "--output", output.toString(),
                "--sample-limit", "10", "--bins", "4")).isZero();
        FeatureProfile v = ReferenceProfile.read(output).features().get("v");
        // Order statistics at (k + 0.5) / 10 of 1000 values: 50, 150, ..., 950.
        assertThat(v.sample()).containsExactly(50, 150, 250, 350, 450, 550, 650, 750, 850, 950);
        assertThat(v.edges()).containsExactly(249.75, 499.5, 749.25);
        assertThat(v.counts()).containsExactly(250, 250, 250, 250);
        assertThat(v.std()).isEqualTo(DriftStatistics.populationStd(java.util.stream.IntStream.range(0, 1000).asDoubleStream().toArray()));
    }

    @Test
    void badInputExitsWithTwoAndSaysWhy() throws Exception {
        assertThat(run("profile", "--input", dir.resolve("nope.jsonl").toString(), "--model", "m", "--output", dir.resolve("o.json").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("does not exist");

        Path mixed = Files.write(dir.resolve("mixed.jsonl"), List.of(
                "{\"model\":\"m\",\"timestamp\":1,\"features\":{\"zip\":12345}}",
                "{\"model\":\"m\",\"timestamp\":1,\"features\":{\"zip\":\"SW1A\"}}"));
        assertThat(run("profile", "--input", mixed.toString(), "--model", "m", "--output", dir.resolve("o.json").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("column 'zip'").contains("--categorical zip");
        assertThat(run("profile", "--input", mixed.toString(), "--model", "m", "--output", dir.resolve("o.json").toString(),
                "--categorical", "zip")).isZero();
        assertThat(ReferenceProfile.read(dir.resolve("o.json")).features().get("zip").categories())
                .containsOnlyKeys("12345", "SW1A");

        assertThat(run("profile", "--input", mixed.toString(), "--model", "absent", "--output", dir.resolve("p.json").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("no records of model 'absent'");

        Path notProfile = Files.writeString(dir.resolve("x.json"), "{\"format\":\"something-else\"}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReferenceProfile.read(notProfile))
                .hasMessageContaining("is not a drift profile");
    }
}
