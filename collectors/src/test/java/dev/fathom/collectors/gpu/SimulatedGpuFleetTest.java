package dev.fathom.collectors.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.collectors.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimulatedGpuFleetTest {

    private static final Instant START = Instant.parse("2026-11-29T12:00:00Z");

    /** Every sample of the fleet, taken every {@code step} for {@code duration}. */
    private static List<GpuSample> run(SimulatedGpuFleet fleet, ManualClock clock, Duration step, Duration duration) {
        List<GpuSample> samples = new ArrayList<>();
        for (long t = 0; t < duration.toSeconds(); t += step.toSeconds()) {
            clock.advance(step);
            fleet.nodes().forEach(node -> samples.addAll(node.sample()));
        }
        return samples;
    }

    @Test
    void namesNodesAndGpusLikeARealFleet() {
        SimulatedGpuFleet fleet = SimulatedGpuFleet.create(4, 8);

        assertThat(fleet.nodes()).extracting(SimulatedNode::hostName)
                .containsExactly("sim-node-01", "sim-node-02", "sim-node-03", "sim-node-04");
        List<GpuSample> gpus = fleet.nodes().stream().flatMap(n -> n.sample().stream()).toList();
        assertThat(gpus).hasSize(32);
        assertThat(gpus).extracting(GpuSample::uuid).doesNotHaveDuplicates()
                .allMatch(uuid -> uuid.matches("GPU-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"));
        assertThat(fleet.nodes().get(0).sample()).extracting(GpuSample::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(fleet.nodes().get(0).sample()).extracting(GpuSample::pciBusId).doesNotHaveDuplicates()
                .allMatch(id -> id.matches("00000000:[0-9A-F]{2}:00\\.0"));
        assertThat(fleet.nodes().get(0).sample()).extracting(GpuSample::model).containsOnly("NVIDIA H100 80GB HBM3");
        assertThat(fleet.nodes().get(3).sample()).extracting(GpuSample::model).containsOnly("NVIDIA A100-SXM4-80GB");
        assertThat(fleet.nodes().get(3).sample()).extracting(GpuSample::powerLimitWatts).containsOnly(400.0);
    }

    @Test
    void aGpuKeepsItsUuidWhateverTheSeed() {
        ManualClock clock = new ManualClock(START);
        List<String> one = SimulatedGpuFleet.create(2, 4, 1, clock).nodes().get(1).sample().stream().map(GpuSample::uuid).toList();
        List<String> other = SimulatedGpuFleet.create(2, 4, 2, clock).nodes().get(1).sample().stream().map(GpuSample::uuid).toList();

        assertThat(one).isEqualTo(other);
    }

    @Test
    void readingsStayWithinWhatTheHardwareAllows() {
        ManualClock clock = new ManualClock(START);
        SimulatedGpuFleet fleet = SimulatedGpuFleet.create(4, 8, 7, clock);

        for (GpuSample gpu : run(fleet, clock, Duration.ofSeconds(10), Duration.ofHours(3))) {
            assertThat(gpu.utilization()).isBetween(0.0, 1.0);
            assertThat(gpu.memoryUtilization()).isBetween(0.0, 1.0);
            assertThat(gpu.memoryUsedBytes()).isBetween(0L, gpu.memoryTotalBytes());
            assertThat(gpu.memoryTotalBytes()).isEqualTo(80L << 30);
            assertThat(gpu.powerDrawWatts()).isPositive().isLessThanOrEqualTo(gpu.powerLimitWatts());
            assertThat(gpu.temperatureCelsius()).isBetween(30.0, 85.0);
            assertThat(gpu.smClockMhz()).isBetween(200.0, 1980.0);
        }
    }

    @Test
    void idleGpusDrawIdlePowerAndBusyOnesDrawMuchMore() {
        ManualClock clock = new ManualClock(START);
        SimulatedGpuFleet fleet = SimulatedGpuFleet.create(3, 8, 7, clock); // H100s only
        List<GpuSample> samples = run(fleet, clock, Duration.ofSeconds(10), Duration.ofHours(3));

        // Idle means no job holds memory; a busy GPU can still show 0 % for a second while input loads.
        List<GpuSample> idle = samples.stream().filter(g -> g.memoryUsedBytes() == 0).toList();
        List<GpuSample> flatOut = samples.stream().filter(g -> g.utilization() > 0.9).toList();
        assertThat(idle).as("some GPUs sit idle").hasSizeGreaterThan(samples.size() / 20);
        assertThat(flatOut).as("some GPUs run flat out").isNotEmpty();
        assertThat(idle).allSatisfy(g -> {
            assertThat(g.utilization()).isZero();
            assertThat(g.powerDrawWatts()).isBetween(60.0, 80.0);
            assertThat(g.smClockMhz()).isEqualTo(345.0);
        });
        assertThat(flatOut).allSatisfy(g -> assertThat(g.powerDrawWatts()).isGreaterThan(550.0));
    }

    @Test
    void jobsStartAndStop() {
        ManualClock clock = new ManualClock(START);
        SimulatedGpuFleet fleet = SimulatedGpuFleet.create(4, 8, 7, clock);

        Map<String, Set<Boolean>> busyStatesPerGpu = new HashMap<>();
        for (GpuSample gpu : run(fleet, clock, Duration.ofSeconds(30), Duration.ofHours(6))) {
            busyStatesPerGpu.computeIfAbsent(gpu.uuid(), u -> new HashSet<>()).add(gpu.memoryUsedBytes() > 0);
        }
        long gpusSeenBothWays = busyStatesPerGpu.values().stream().filter(states -> states.size() == 2).count();
        assertThat(gpusSeenBothWays).as("GPUs seen both idle and busy over six hours").isGreaterThan(16);
    }

    @Test
    void temperatureLagsBehindPower() {
        ManualClock clock = new ManualClock(START);
        SimulatedGpuFleet fleet = SimulatedGpuFleet.create(1, 8, 7, clock);
        List<GpuSample> previous = fleet.nodes().get(0).sample();
        double largestPowerStep = 0;
        for (int second = 0; second < 3600; second++) {
            clock.advance(Duration.ofSeconds(1));
            List<GpuSample> now = fleet.nodes().get(0).sample();
            for (int i = 0; i < now.size(); i++) {
                // A first-order lag with a 60 s time constant moves at most 55 °C x (1 - e^-1/60) per second.
                assertThat(Math.abs(now.get(i).temperatureCelsius() - previous.get(i).temperatureCelsius())).isLessThan(1.0);
                largestPowerStep = Math.max(largestPowerStep, Math.abs(now.get(i).powerDrawWatts() - previous.get(i).powerDrawWatts()));
            }
            previous = now;
        }
        assertThat(largestPowerStep).as("power itself jumps when jobs start, stop or stall").isGreaterThan(200);
    }

    @Test
    void theSameSeedAndClockGiveTheSameReadingsHoweverOftenSampled() {
        ManualClock clockA = new ManualClock(START);
        ManualClock clockB = new ManualClock(START);
        SimulatedGpuFleet sampledOften = SimulatedGpuFleet.create(2, 4, 99, clockA);
        SimulatedGpuFleet sampledOnce = SimulatedGpuFleet.create(2, 4, 99, clockB);

        run(sampledOften, clockA, Duration.ofSeconds(1), Duration.ofMinutes(20));
        clockB.advance(Duration.ofMinutes(20));

        for (int n = 0; n < 2; n++) {
            assertThat(sampledOnce.nodes().get(n).sample()).isEqualTo(sampledOften.nodes().get(n).sample());
        }
        ManualClock clockC = new ManualClock(START.plus(Duration.ofMinutes(20)));
        assertThat(SimulatedGpuFleet.create(2, 4, 100, clockC).nodes().get(0).sample())
                .isNotEqualTo(sampledOnce.nodes().get(0).sample());
    }

    @Test
    void refusesSizesOutsideItsRange() {
        assertThatThrownBy(() -> SimulatedGpuFleet.create(0, 8)).hasMessageContaining("nodes must be 1..99");
        assertThatThrownBy(() -> SimulatedGpuFleet.create(4, 17)).hasMessageContaining("GPUs per node must be 1..16");
    }
}
