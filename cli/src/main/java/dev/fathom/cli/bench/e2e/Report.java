package dev.fathom.cli.bench.e2e;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The run's results: what results.json holds and the summary table prints. Public fields for Jackson. */
public final class Report {

    public Map<String, Object> settings;
    public String loadBefore;
    public String loadAfter;
    public List<StepResult> fathomSteps = new ArrayList<>();
    public List<StepResult> prometheusSteps = new ArrayList<>();
    public Map<String, Object> fathomCheck;
    public Map<String, Object> prometheusCheck;
    public double ceilingRowsPerSecond;
    public Map<String, Double> ceilingCores;
    public double ceilingLoad = Double.NaN;
    /** The same rows into a copy of points without views: ClickHouse's own ceiling for the raw table. */
    public double ceilingNoViewsRowsPerSecond;
    public Map<String, Double> ceilingNoViewsCores;
    /** Highest offered rate whose step held (points/s), and what was stored during it. */
    public double fathomSustained;
    public double fathomSustainedStored;
    public double prometheusSustained;
    public double prometheusSustainedStored;
    public double fathomToPrometheus = Double.NaN;
    public double fathomToCeiling = Double.NaN;
    public String bottleneck = "";
    /** At the highest rate that held: CPU microseconds per point, per component. */
    public Map<String, Double> fathomCpuMicrosPerPoint = Map.of();
    public Map<String, Double> prometheusCpuMicrosPerPoint = Map.of();

    void finish() {
        Optional<StepResult> fathomBest = best(fathomSteps);
        fathomSustained = fathomBest.map(StepResult::offeredRate).orElse(0.0);
        fathomSustainedStored = fathomBest.map(StepResult::storedRate).orElse(0.0);
        Optional<StepResult> promBest = best(prometheusSteps);
        prometheusSustained = promBest.map(StepResult::offeredRate).orElse(0.0);
        prometheusSustainedStored = promBest.map(StepResult::storedRate).orElse(0.0);
        if (prometheusSustained > 0) {
            fathomToPrometheus = fathomSustained / prometheusSustained;
        }
        if (ceilingRowsPerSecond > 0) {
            fathomToCeiling = fathomSustained / ceilingRowsPerSecond;
        }
        fathomCpuMicrosPerPoint = fathomBest.map(StepResult::cpuMicrosPerPoint).orElse(Map.of());
        prometheusCpuMicrosPerPoint = promBest.map(StepResult::cpuMicrosPerPoint).orElse(Map.of());
        bottleneck = fathomSteps.isEmpty() ? "Fathom not run" : bottleneck(fathomSteps, ((Number) settings.getOrDefault("cores", 2)).intValue());
    }

    static Optional<StepResult> best(List<StepResult> steps) {
        return steps.stream().filter(s -> s.decision().held()).max(java.util.Comparator.comparingDouble(StepResult::offeredRate));
    }

    /**
     * Where the pipeline gave out: read at the first step that did not hold (or the last step):
     * whether the machine's CPU was used up and by whom, a single thread pinned at one core, and
     * whether points waited in Kafka (the job reads too slowly) or the load could not even enter.
     */
    static String bottleneck(List<StepResult> steps, int cores) {
        if (steps.isEmpty()) {
            return "no steps ran";
        }
        StepResult at = steps.stream().filter(s -> !s.decision().held()).findFirst().orElse(steps.get(steps.size() - 1));
        StringBuilder why = new StringBuilder();
        why.append(String.format(Locale.ROOT, "at %,.0f points/s offered (%s): ", at.offeredRate(),
                at.decision().held() ? "held; no step failed" : at.decision().reason()));
        double total = at.cores().values().stream().mapToDouble(Double::doubleValue).sum();
        Map.Entry<String, Double> top = at.cores().entrySet().stream()
                .filter(e -> !List.of(ResourceSampler.LOAD, ResourceSampler.HARNESS, ResourceSampler.JVM, ResourceSampler.OTHER).contains(e.getKey()))
                .max(Map.Entry.comparingByValue()).orElse(Map.entry("none", 0.0));
        why.append(String.format(Locale.ROOT, "CPU %.2f of %d cores in use%s; the busiest component is %s (%.2f cores; "
                        + "the JVM's GC and JIT %.2f more, shared by Kafka, Flink and the load)",
                total, cores, total >= 0.9 * cores ? " (saturated)" : "", top.getKey(), top.getValue(),
                at.cores().getOrDefault(ResourceSampler.JVM, 0.0)));
        at.busiestThreads().entrySet().stream().findFirst().filter(e -> e.getValue() >= 0.85).ifPresent(e ->
                why.append(String.format(Locale.ROOT, "; thread %s is pinned at %.2f cores", e.getKey(), e.getValue())));
        if (at.generatedRate() < RampDecision.MIN_LOAD_KEPT * at.offeredRate()) {
            why.append("; the load could not hand all points to Kafka (producer blocked)");
        }
        if (at.kafkaLagEnd() > 0 && at.timeline().size() >= 3) {
            double first = at.timeline().get(at.timeline().size() / 4)[2];
            double last = at.timeline().get(at.timeline().size() - 1)[2];
            if (last > first * 1.5 && last > 10) {
                why.append(String.format(Locale.ROOT, "; Kafka consumer lag grew from %,.0f to %,.0f records: the Flink job reads slower than points arrive",
                        first, last));
            }
        }
        return why.toString();
    }

    void print(PrintWriter out) {
        out.println();
        out.println("Summary");
        out.printf(Locale.ROOT, "  %-11s %-4s %12s %12s %12s %22s %6s  %s%n", "system", "step", "offered/s", "sent/s", "stored/s",
                "fresh p50/p95/p99 s", "load", "held");
        List<StepResult> all = new ArrayList<>(fathomSteps);
        all.addAll(prometheusSteps);
        for (StepResult s : all) {
            Percentiles f = s.freshnessSeconds();
            out.printf(Locale.ROOT, "  %-11s %-4d %,12.0f %,12.0f %,12.0f %22s %6.2f  %s%n", s.system(), s.step(), s.offeredRate(),
                    s.generatedRate(), s.storedRate(),
                    f.count() == 0 ? "-" : String.format(Locale.ROOT, "%.2f/%.2f/%.2f", f.p50(), f.p95(), f.p99()),
                    s.load1(), s.decision().held() ? "yes" : "no: " + s.decision().reason());
        }
        out.println();
        best(fathomSteps).ifPresent(s -> {
            out.printf(Locale.ROOT, "  Fathom sustained:      %,.0f points/s offered, %,.0f stored/s, freshness p50/p95/p99 %.2f/%.2f/%.2f s%n",
                    s.offeredRate(), s.storedRate(), s.freshnessSeconds().p50(), s.freshnessSeconds().p95(), s.freshnessSeconds().p99());
            out.printf(Locale.ROOT, "    CPU (cores) at that rate: %s%n", format(s.cores(), "%.2f"));
            out.printf(Locale.ROOT, "    CPU per point (us): %s%n", format(s.cpuMicrosPerPoint(), "%.2f"));
            StringBuilder rss = new StringBuilder();
            s.rssBytes().forEach((k, v) -> rss.append(String.format(Locale.ROOT, "%s %,d MB; ", k, v >> 20)));
            out.printf(Locale.ROOT, "    memory: %sheap used %,d MB%n", rss, s.heapUsedBytes() >> 20);
        });
        best(prometheusSteps).ifPresent(s -> {
            out.printf(Locale.ROOT, "  Prometheus sustained:  %,.0f points/s offered, %,.0f appended/s, 2xx latency p50/p95/p99 %.2f/%.2f/%.2f s%n",
                    s.offeredRate(), s.storedRate(), s.freshnessSeconds().p50(), s.freshnessSeconds().p95(), s.freshnessSeconds().p99());
            out.printf(Locale.ROOT, "    CPU (cores) at that rate: %s%n", format(s.cores(), "%.2f"));
            out.printf(Locale.ROOT, "    CPU per point (us): %s%n", format(s.cpuMicrosPerPoint(), "%.2f"));
            StringBuilder rss = new StringBuilder();
            s.rssBytes().forEach((k, v) -> rss.append(String.format(Locale.ROOT, "%s %,d MB; ", k, v >> 20)));
            out.printf(Locale.ROOT, "    memory: %s%n", rss);
        });
        if (!Double.isNaN(fathomToPrometheus) && !fathomSteps.isEmpty()) {
            out.printf(Locale.ROOT, "  Fathom / Prometheus:   %.2f%n", fathomToPrometheus);
        }
        if (ceilingRowsPerSecond > 0) {
            out.printf(Locale.ROOT, "  ClickHouse ceiling:    %,.0f rows/s (load %.2f); Fathom reaches %.0f %% of it%n",
                    ceilingRowsPerSecond, ceilingLoad, 100 * fathomToCeiling);
        }
        if (ceilingNoViewsRowsPerSecond > 0) {
            out.printf(Locale.ROOT, "  ... without views:     %,.0f rows/s (the raw table alone)%n", ceilingNoViewsRowsPerSecond);
        }
        if (fathomCheck != null) {
            out.printf(Locale.ROOT, "  Nothing dropped:       %s%n", fathomCheck.get("nothingDroppedOrDoubled"));
        }
        out.printf(Locale.ROOT, "  Bottleneck:            %s%n", bottleneck);
        out.printf(Locale.ROOT, "  Load average before / after: %s / %s%n", loadBefore, loadAfter);
        out.flush();
    }

    private static String format(Map<String, Double> values, String pattern) {
        StringBuilder b = new StringBuilder();
        values.forEach((k, v) -> {
            if (v >= 0.005) {
                b.append(k).append(' ').append(String.format(Locale.ROOT, pattern, v)).append("; ");
            }
        });
        return b.toString();
    }
}
