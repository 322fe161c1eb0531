package dev.fathom.streamjobs.anomaly;

import dev.fathom.streamjobs.anomaly.nab.NabScorer;
import dev.fathom.streamjobs.anomaly.nab.NabSeries;
import dev.fathom.streamjobs.anomaly.nab.NabTimestamps;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fathom anomaly score}: the NAB harness. Reads a NAB data file (timestamp,value), feeds it
 * point by point in time order to the same {@link AnomalyDetector} the Flink job runs, and writes
 * {@code timestamp,value,anomaly_score,label} with label 1 where the detector raised an alarm.
 */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Score a NAB data file (timestamp,value) point by point; write timestamp,value,anomaly_score,label.")
public final class AnomalyScoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, description = "NAB data file: CSV with columns timestamp,value.")
    Path input;

    @Option(names = "--output", required = true, description = "CSV to write: timestamp,value,anomaly_score,label.")
    Path output;

    @Option(names = "--warmup", description = "Points before the first alarm; default: NAB's probationary "
            + "length for the file (15% of its rows, at most 750).")
    Integer warmup;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        NabSeries series;
        try {
            series = NabSeries.read(input, "value");
        } catch (NoSuchFileException e) {
            err.println("anomaly score: no such input file " + input);
            return 2;
        } catch (IOException | UncheckedIOException e) {
            err.println("anomaly score: " + e.getMessage());
            return 2;
        }
        if (warmup != null && warmup < 0) {
            err.println("anomaly score: --warmup must be >= 0, got " + warmup);
            return 2;
        }
        int points = warmup != null ? warmup : (int) Math.ceil(NabScorer.probationaryLength(series.size()));
        AnomalyDetector detector = new AnomalyDetector(AnomalyDetector.Settings.defaults().withWarmup(points));
        try {
            write(series, detector, output);
        } catch (IOException e) {
            err.println("anomaly score: cannot write " + output + ": " + e.getMessage());
            return 1;
        }
        spec.commandLine().getOut().printf("%d points scored, %s written%n", series.size(), output);
        return 0;
    }

    /** Runs the detector over the series in time order and writes one row per point. */
    static void write(NabSeries series, AnomalyDetector detector, Path output) throws IOException {
        DetectorState state = detector.newState();
        long[] times = series.epochMillis();
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            out.write("timestamp,value,anomaly_score,label\n");
            for (int i = 0; i < series.size(); i++) {
                AnomalyResult result = detector.update(state, times[i], series.values()[i]);
                out.write(NabTimestamps.format(series.timestamps().get(i)));
                out.write(',');
                out.write(BigDecimal.valueOf(series.values()[i]).stripTrailingZeros().toPlainString());
                out.write(',');
                out.write(Double.toString(result.score()));
                out.write(result.alarm() ? ",1\n" : ",0\n");
            }
        }
    }
}
