package dev.fathom.cli.bench.e2e;

import java.util.List;
import java.util.Map;

/**
 * One step of a ramp at one offered rate.
 *
 * @param system "fathom" or "prometheus"
 * @param offeredRate points/s asked of the load
 * @param generatedRate points/s the load handed over (below offered when the entry point blocks)
 * @param storedRate points/s that became readable during the step
 * @param backlogEnd points accepted but not yet readable at the step's end
 * @param kafkaLagEnd consumer-group lag in records at the end (-1: no Kafka)
 * @param freshnessSeconds freshness percentiles over the step's points
 * @param cores CPU per component, in cores
 * @param rssBytes resident memory per process
 * @param heapUsedBytes heap used in the benchmark's JVM at the end
 * @param timeline samples about a second apart: seconds into the step, backlog points, Kafka lag records
 * @param decision whether the step held, and why not
 * @param busiestThreads the threads that used the most CPU, in cores
 */
record StepResult(String system, int step, double offeredRate, double generatedRate, double storedRate, long backlogEnd,
                  long kafkaLagEnd, Percentiles freshnessSeconds, Map<String, Double> cores, Map<String, Long> rssBytes,
                  long heapUsedBytes, List<double[]> timeline, RampDecision decision, Map<String, Double> busiestThreads,
                  double load1) {

    /**
     * CPU microseconds per stored point, per component: what each point costs whatever the
     * machine's load (CPU time, unlike wall time, does not stretch while waiting for a core).
     */
    Map<String, Double> cpuMicrosPerPoint() {
        Map<String, Double> out = new java.util.TreeMap<>();
        if (storedRate > 0) {
            cores.forEach((k, v) -> out.put(k, v / storedRate * 1e6));
        }
        return out;
    }
}
