package dev.fathom.streamjobs.anomaly.nab;

import dev.fathom.streamjobs.anomaly.AnomalyDetector;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fathom anomaly nab}: runs the detector over every labelled file of a NAB corpus and prints
 * its normalised NAB score under each profile, then the detector's throughput on one core.
 */
@Command(name = "nab", mixinStandardHelpOptions = true,
        description = "Run the detector over a NAB corpus; print normalised NAB scores per profile and points/s.")
public final class NabBenchmarkCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, description = "NAB data directory (holds realKnownCause/ etc.).")
    Path data;

    @Option(names = "--labels", required = true, description = "NAB labels: combined_windows.json.")
    Path labels;

    @Option(names = "--profiles", description = "NAB profiles.json; default: the copy bundled with Fathom.")
    Path profiles;

    @Option(names = "--output", description = "Directory to write per-file scores (<profile>_scores.csv) to.")
    Path output;

    @Option(names = "--throughput-passes", defaultValue = "3",
            description = "Timed passes over the corpus for points/s (after one warm-up pass); default ${DEFAULT-VALUE}.")
    int passes;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, List<NabWindow>> windows;
        Map<String, CostMatrix> costs;
        try {
            windows = NabLabels.readWindows(labels);
            costs = profiles == null ? NabProfiles.bundled() : NabProfiles.read(profiles);
        } catch (IOException | UncheckedIOException e) {
            err.println("anomaly nab: " + e.getMessage());
            return 2;
        }
        if (!Files.isDirectory(data)) {
            err.println("anomaly nab: --data " + data + " is not a directory");
            return 2;
        }
        if (passes < 1) {
            err.println("anomaly nab: --throughput-passes must be >= 1, got " + passes);
            return 2;
        }
        AnomalyDetector.Settings settings = AnomalyDetector.Settings.defaults();
        NabCorpusRun.Result result;
        try {
            result = NabCorpusRun.run(data, windows, costs, settings);
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            err.println("anomaly nab: " + e.getMessage());
            return 2;
        }
        out.printf("NAB corpus: %d files, %d windows, %d points%n", result.files().size(),
                NabLabels.windowCount(windows), result.points());
        for (Map.Entry<String, Double> score : result.normalised().entrySet()) {
            out.printf("%-20s normalised score %6.2f   (raw %.3f, null %.3f, perfect %.3f)%n", score.getKey(),
                    score.getValue(), result.totals().get(score.getKey()), result.nullTotals().get(score.getKey()),
                    NabLabels.windowCount(windows) * costs.get(score.getKey()).tpWeight());
        }
        if (output != null) {
            try {
                writeScores(result, output);
            } catch (IOException e) {
                err.println("anomaly nab: cannot write " + output + ": " + e.getMessage());
                return 1;
            }
            out.println("per-file scores written to " + output);
        }
        try {
            double rate = NabThroughput.pointsPerSecond(data, windows.keySet(), settings, passes);
            out.printf("detector throughput: %.0f points/s on one core (%d timed passes)%n", rate, passes);
        } catch (IOException e) {
            err.println("anomaly nab: " + e.getMessage());
            return 1;
        }
        return 0;
    }

    private static void writeScores(NabCorpusRun.Result result, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String profile : result.totals().keySet()) {
            StringBuilder csv = new StringBuilder("Detector,Profile,File,Threshold,Score,TP,TN,FP,FN,Total_Count\n");
            for (NabCorpusRun.FileResult file : result.files()) {
                FileScore s = file.scores().get(profile);
                csv.append(String.format(java.util.Locale.ROOT, "fathom,%s,%s,0.5,%s,%d,%d,%d,%d,%d%n", profile,
                        file.file(), s.score(), s.tp(), s.tn(), s.fp(), s.fn(), s.rows()));
            }
            Files.writeString(dir.resolve("fathom_" + profile + "_scores.csv"), csv);
        }
    }
}
