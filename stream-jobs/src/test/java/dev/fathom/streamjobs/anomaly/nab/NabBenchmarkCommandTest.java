package dev.fathom.streamjobs.anomaly.nab;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.streamjobs.anomaly.AnomalyCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class NabBenchmarkCommandTest {

    @TempDir
    Path dir;

    @Test
    void scoresASmallCorpusUnderEveryProfile() throws Exception {
        Path nab = NabScorerTest.nab();
        // A three-file corpus: two files without anomalies and one with a jump.
        Path labels = dir.resolve("labels.json");
        Files.writeString(labels, """
                {"artificialNoAnomaly/art_daily_small_noise.csv": [],
                 "artificialNoAnomaly/art_daily_perfect_square_wave.csv": [],
                 "artificialWithAnomaly/art_daily_jumpsup.csv": [["2014-04-10 16:15:00.000000", "2014-04-12 01:45:00.000000"]]}
                """);
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new AnomalyCommand());
        cli.setOut(new PrintWriter(out, true));

        int code = cli.execute("nab", "--data", nab.resolve("data").toString(), "--labels", labels.toString(),
                "--output", dir.resolve("scores").toString(), "--throughput-passes", "1");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("3 files, 1 windows, 12096 points")
                .contains("standard").contains("reward_low_FP_rate").contains("reward_low_FN_rate")
                .containsPattern("detector throughput: \\d+ points/s");
        List<String> rows = Files.readAllLines(dir.resolve("scores/fathom_standard_scores.csv"));
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0)).isEqualTo("Detector,Profile,File,Threshold,Score,TP,TN,FP,FN,Total_Count");
    }

    @Test
    void namesAMissingDataFile() throws Exception {
        Path labels = dir.resolve("labels.json");
        Files.writeString(labels, "{\"realKnownCause/nowhere.csv\": []}");
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new AnomalyCommand());
        cli.setErr(new PrintWriter(err, true));

        int code = cli.execute("nab", "--data", dir.toString(), "--labels", labels.toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("nowhere.csv").contains("missing");
    }
}
