package dev.fathom.streamjobs.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.streamjobs.anomaly.nab.NabLabels;
import dev.fathom.streamjobs.anomaly.nab.NabProfiles;
import dev.fathom.streamjobs.anomaly.nab.NabScorer;
import dev.fathom.streamjobs.anomaly.nab.NabSeries;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AnomalyScoreCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new AnomalyCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static Path fixture(String path) throws Exception {
        return Paths.get(AnomalyScoreCommandTest.class.getResource("/nab/" + path).toURI());
    }

    @Test
    void writesTimestampValueScoreAndAlarmLabelForEveryPoint() throws Exception {
        Path input = fixture("data/artificialWithAnomaly/art_daily_jumpsup.csv");
        Path output = dir.resolve("out/jumpsup.csv");

        assertThat(run("score", "--input", input.toString(), "--output", output.toString())).isZero();

        List<String> in = Files.readAllLines(input);
        List<String> rows = Files.readAllLines(output);
        assertThat(rows.get(0)).isEqualTo("timestamp,value,anomaly_score,label");
        assertThat(rows).hasSize(in.size());
        NabSeries series = NabSeries.read(input, "value");
        AnomalyDetector detector = new AnomalyDetector(AnomalyDetector.Settings.defaults()
                .withWarmup((int) Math.ceil(NabScorer.probationaryLength(series.size()))));
        DetectorState state = detector.newState();
        long[] times = series.epochMillis();
        boolean[] labels = new boolean[series.size()];
        for (int i = 1; i < rows.size(); i++) {
            String[] cells = rows.get(i).split(",");
            String[] source = in.get(i).split(",");
            assertThat(cells).hasSize(4);
            assertThat(cells[0]).isEqualTo(source[0]);
            assertThat(Double.parseDouble(cells[1])).isEqualTo(Double.parseDouble(source[1]));
            AnomalyResult expected = detector.update(state, times[i - 1], series.values()[i - 1]);
            assertThat(Double.parseDouble(cells[2])).isEqualTo(expected.score()).isBetween(0.0, 1.0);
            assertThat(cells[3]).isEqualTo(expected.alarm() ? "1" : "0");
            labels[i - 1] = cells[3].equals("1");
        }
        // The jump is found: NAB scores the file's window as detected, early.
        double score = NabScorer.score(series.timestamps(), labels,
                NabLabels.readWindows(fixture("combined_windows.json")).get("artificialWithAnomaly/art_daily_jumpsup.csv"),
                NabProfiles.bundled().get("standard")).score();
        assertThat(score).isGreaterThan(0.5);
        assertThat(out.toString()).contains("4032 points scored");
    }

    @Test
    void namesAMissingInputFile() {
        int code = run("score", "--input", dir.resolve("missing.csv").toString(), "--output",
                dir.resolve("o.csv").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("no such input file").contains("missing.csv");
        assertThat(dir.resolve("o.csv")).doesNotExist();
    }

    @Test
    void namesTheLineOfABadValue() throws Exception {
        Path input = dir.resolve("bad.csv");
        Files.writeString(input, "timestamp,value\n2014-04-01 00:00:00,1.5\n2014-04-01 00:05:00,abc\n");

        int code = run("score", "--input", input.toString(), "--output", dir.resolve("o.csv").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("bad.csv:3").contains("'abc' is not a number");
    }

    @Test
    void rejectsMissingOptionsAsUsage() {
        assertThat(run("score", "--input", "x.csv")).isEqualTo(2);
        assertThat(err.toString()).contains("--output");
    }
}
