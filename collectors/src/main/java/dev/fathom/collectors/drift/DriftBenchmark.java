package dev.fathom.collectors.drift;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fathom drift bench} (or this class's main): how long drift takes for N samples per
 * feature, reference and window alike. Prints the time to profile the reference and to compare a
 * window, for one numeric and one categorical feature, best of a few runs after a warm-up.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time profiling and drift comparison for N samples per feature.")
public final class DriftBenchmark implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--samples", defaultValue = "1000000", description = "Samples per feature in reference and window (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--runs", defaultValue = "5", description = "Timed runs after one warm-up (default ${DEFAULT-VALUE}).")
    int runs;

    public static void main(String[] args) {
        // A benchmark's main may exit: it is a tool of its own, not a command inside ./fathom.
        System.exit(new CommandLine(new DriftBenchmark()).execute(args));
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Random random = new Random(42);
        FeatureRecord[] reference = records(random, samples, 0.0);
        FeatureRecord[] current = records(random, samples, 0.1);
        out.printf("Drift benchmark: %,d samples per feature (1 numeric + 1 categorical + numeric prediction), %d runs, %s cores%n",
                samples, runs, Runtime.getRuntime().availableProcessors());

        long bestProfile = Long.MAX_VALUE;
        long bestCompare = Long.MAX_VALUE;
        WindowResult last = null;
        for (int run = 0; run <= runs; run++) {
            long t0 = System.nanoTime();
            ProfileBuilder builder = new ProfileBuilder("bench");
            for (FeatureRecord record : reference) {
                builder.add(record);
            }
            ReferenceProfile profile = builder.build();
            long t1 = System.nanoTime();
            DriftMonitor monitor = new DriftMonitor(Map.of("bench", profile), DriftThresholds.defaults(),
                    new WindowPolicy(samples, java.time.Duration.ofDays(1), 1), java.time.Clock.systemUTC());
            for (FeatureRecord record : current) {
                try {
                    monitor.accept(record);
                } catch (BadRecordException e) {
                    throw new IllegalStateException(e);
                }
            }
            long t2 = System.nanoTime();
            last = monitor.latestResults().get(0);
            if (run > 0) {
                bestProfile = Math.min(bestProfile, t1 - t0);
                bestCompare = Math.min(bestCompare, t2 - t1);
            }
        }
        out.printf("profile reference (3 columns x %,d):      %8.1f ms%n", samples, bestProfile / 1e6);
        out.printf("window ingest + compare (3 columns x %,d): %8.1f ms (%.0f ns per value)%n",
                samples, bestCompare / 1e6, (double) bestCompare / (3.0 * samples));
        // Time the statistics alone on the numeric column, without record handling.
        double[] ref = new double[samples];
        double[] cur = new double[samples];
        for (int i = 0; i < samples; i++) {
            ref[i] = random.nextGaussian();
            cur[i] = random.nextGaussian() + 0.1;
        }
        long bestStats = Long.MAX_VALUE;
        for (int run = 0; run <= runs; run++) {
            long t0 = System.nanoTime();
            double[] a = ref.clone();
            double[] b = cur.clone();
            java.util.Arrays.sort(a);
            java.util.Arrays.sort(b);
            double d = DriftStatistics.ksStatistic(a, b);
            DriftStatistics.ksPValue(d, a.length, b.length);
            DriftStatistics.wasserstein(a, b);
            double[] edges = QuantileBins.edges(a, 30);
            double[] rs = DriftStatistics.shares(QuantileBins.counts(edges, a, a.length));
            double[] cs = DriftStatistics.shares(QuantileBins.counts(edges, b, b.length));
            DriftStatistics.psi(rs, cs);
            DriftStatistics.jensenShannonDistance(rs, cs);
            if (run > 0) {
                bestStats = Math.min(bestStats, System.nanoTime() - t0);
            }
        }
        out.printf("numeric statistics alone, full 1:1 samples (sort both, KS, Wasserstein, 30 bins, PSI, JS): %8.1f ms%n", bestStats / 1e6);
        ColumnDrift x = last.column("x");
        out.printf("check: x shifted by 0.1 sd -> wasserstein %.4f, psi %.4f, ks p %.3g, drifted=%s%n",
                x.result(DriftMethod.WASSERSTEIN).value(), x.result(DriftMethod.PSI).value(),
                x.result(DriftMethod.KS).value(), x.drifted());
        out.flush();
        return 0;
    }

    private static FeatureRecord[] records(Random random, int n, double shift) {
        String[] plans = {"free", "basic", "pro", "team", "enterprise"};
        FeatureRecord[] records = new FeatureRecord[n];
        Instant now = Instant.now();
        for (int i = 0; i < n; i++) {
            Map<String, Object> features = new LinkedHashMap<>();
            features.put("x", random.nextGaussian() + shift);
            features.put("plan", plans[Math.min(plans.length - 1, (int) Math.abs(random.nextGaussian() * 1.5))]);
            records[i] = new FeatureRecord("bench", "1", now, features, random.nextDouble(), null);
        }
        return records;
    }

}
