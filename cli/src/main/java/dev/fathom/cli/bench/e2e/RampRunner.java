package dev.fathom.cli.bench.e2e;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.BooleanSupplier;

/**
 * Runs the steps of a ramp (or one fixed rate) against a backend: sets the load's rate, samples
 * backlog and Kafka lag every second, takes CPU and memory at the step's ends, decides whether
 * the step held, and prints one line per step.
 */
final class RampRunner {

    private final Backend backend;
    private final PacedLoad load;
    private final ResourceSampler resources;
    private final PrintWriter out;
    private final Duration stepLength;
    private final double freshnessLimitSeconds;
    private final BooleanSupplier stopRequested;

    RampRunner(Backend backend, PacedLoad load, ResourceSampler resources, PrintWriter out, Duration stepLength,
               double freshnessLimitSeconds, BooleanSupplier stopRequested) {
        this.backend = backend;
        this.load = load;
        this.resources = resources;
        this.out = out;
        this.stepLength = stepLength;
        this.freshnessLimitSeconds = freshnessLimitSeconds;
        this.stopRequested = stopRequested;
    }

    /**
     * Before the first step: a low rate until the first points are readable, plus 5 s, so the
     * first step does not count the pipeline's start (JIT, connections, the first checkpoint).
     */
    void warmUp(double rate) throws InterruptedException {
        load.setRate(rate);
        long start = System.currentTimeMillis();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline && !stopRequested.getAsBoolean()
                && backend.freshness(start, Long.MAX_VALUE).stream().noneMatch(FreshnessProbe.Sample::readable)) {
            Thread.sleep(200);
        }
        Thread.sleep(5000);
        load.setRate(0);
        drain();
        out.printf(Locale.ROOT, "  %-10s warmed up in %.1f s at %,.0f points/s%n", backend.name(),
                (System.currentTimeMillis() - start) / 1000.0, rate);
        out.flush();
    }

    /** Steps of {@code plan} until it ends; or, with {@code fixedRate} > 0, one step at that rate. */
    List<StepResult> run(RampPlan plan, double fixedRate) throws InterruptedException {
        List<StepResult> steps = new ArrayList<>();
        int index = 1;
        while (!stopRequested.getAsBoolean()) {
            OptionalDouble next = fixedRate > 0 ? (steps.isEmpty() ? OptionalDouble.of(fixedRate) : OptionalDouble.empty()) : plan.next();
            if (next.isEmpty()) {
                break;
            }
            StepResult step = step(index++, next.getAsDouble());
            steps.add(step);
            print(step);
            if (fixedRate <= 0) {
                plan.record(step.offeredRate(), step.decision().held());
            }
            if (!step.decision().held()) {
                drain();
            }
        }
        load.setRate(0);
        return steps;
    }

    StepResult step(int index, double rate) throws InterruptedException {
        load.setRate(rate);
        long startMillis = System.currentTimeMillis();
        long startNanos = System.nanoTime();
        ResourceSampler.Snapshot before = resources.snapshot();
        long generated0 = load.generated();
        long stored0 = backend.stored();
        long dropped0 = backend.dropped();
        List<double[]> timeline = new ArrayList<>();
        List<RampDecision.Sample> backlog = new ArrayList<>();
        long lag = -1;
        long backlogNow = 0;
        long end = startNanos + stepLength.toNanos();
        // Backlog four times a second: it saw-tooths with the checkpoints, and more samples keep
        // the slope's noise well under the growth that fails a step. Kafka lag once a second.
        int sample = 0;
        while (System.nanoTime() < end && !stopRequested.getAsBoolean()) {
            Thread.sleep(Math.min(250, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            long entered = backend.entered();
            backlogNow = entered - backend.stored();
            backlog.add(new RampDecision.Sample(seconds, backlogNow));
            if (sample++ % 4 == 0) {
                lag = backend.kafkaLag();
                timeline.add(new double[] {seconds, backlogNow, lag});
            }
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long generated = load.generated() - generated0;
        long stored = backend.stored() - stored0;
        ResourceSampler.Snapshot after = resources.snapshot();
        List<FreshnessProbe.Sample> fresh = backend.freshness(startMillis, System.currentTimeMillis());
        List<RampDecision.Sample> freshness = fresh.stream()
                .map(s -> new RampDecision.Sample((s.tickMillis() - startMillis) / 1000.0, s.freshnessMillis() / 1000.0)).toList();
        long dropped = backend.dropped() - dropped0;
        if (load.failure() != null) {
            dropped = Math.max(dropped, 1);
        }
        RampDecision decision = RampDecision.evaluate(rate, generated / seconds, backlog, freshness, freshnessLimitSeconds,
                seconds, dropped);
        if (load.failure() != null) {
            decision = new RampDecision(false, "the load failed: " + load.failure());
        }
        if (stopRequested.getAsBoolean()) {
            decision = new RampDecision(false, "stopped");
        }
        return new StepResult(backend.name(), index, rate, generated / seconds, stored / seconds, backlogNow, lag,
                Percentiles.of(freshness.stream().map(RampDecision.Sample::value).toList()),
                ResourceSampler.cores(before, after), after.rssBytes(), after.heapUsedBytes(), timeline, decision,
                ResourceSampler.busiestThreads(before, after, 8), Uptime.load1());
    }

    /**
     * After a step that fell behind: no load until the backlog is gone, or has not shrunk for
     * 10 s (points the system will never store: those show in the final check), at most 2 minutes.
     */
    void drain() throws InterruptedException {
        load.setRate(0);
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        long last = Long.MAX_VALUE;
        long lastChange = System.nanoTime();
        while (System.nanoTime() < deadline && !stopRequested.getAsBoolean()) {
            long backlog = backend.entered() - backend.stored();
            if (backlog <= 0) {
                return;
            }
            if (backlog < last) {
                last = backlog;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > Duration.ofSeconds(10).toNanos()) {
                break;
            }
            Thread.sleep(500);
        }
        if (!stopRequested.getAsBoolean()) {
            out.printf(Locale.ROOT, "  (%,d points accepted but not readable after the drain)%n", backend.entered() - backend.stored());
            out.flush();
        }
    }

    private void print(StepResult s) {
        Map<String, Double> cores = s.cores();
        StringBuilder cpu = new StringBuilder();
        for (Map.Entry<String, Double> e : cores.entrySet()) {
            if (e.getValue() >= 0.01) {
                cpu.append(String.format(Locale.ROOT, " %s %.2f", e.getKey(), e.getValue()));
            }
        }
        out.printf(Locale.ROOT, "  %-10s step %d: offered %,9.0f/s  sent %,9.0f/s  stored %,9.0f/s  backlog %,9d pts"
                        + "  kafka lag %s  freshness p50/p95/p99 %s s  load %.2f  -> %s%n"
                        + "             cpu (cores):%s%n",
                s.system(), s.step(), s.offeredRate(), s.generatedRate(), s.storedRate(), s.backlogEnd(),
                s.kafkaLagEnd() < 0 ? "-" : String.format(Locale.ROOT, "%,d rec", s.kafkaLagEnd()),
                s.freshnessSeconds().count() == 0 ? "-" : String.format(Locale.ROOT, "%.2f/%.2f/%.2f",
                        s.freshnessSeconds().p50(), s.freshnessSeconds().p95(), s.freshnessSeconds().p99()),
                s.load1(), s.decision().held() ? "held" : "NOT held (" + s.decision().reason() + ")", cpu);
        out.flush();
    }
}
