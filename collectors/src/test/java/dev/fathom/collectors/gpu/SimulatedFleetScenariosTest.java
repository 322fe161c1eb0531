package dev.fathom.collectors.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.collectors.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimulatedFleetScenariosTest {

    private static final Instant MIDNIGHT = Instant.parse("2026-11-30T00:00:00Z");

    private static double meanUtilization(List<GpuSample> samples) {
        return samples.stream().mapToDouble(GpuSample::utilization).average().orElseThrow();
    }

    @Test
    void inferenceFollowsTheDayAndIdleNodesStayIdle() {
        ManualClock clock = new ManualClock(MIDNIGHT);
        SimulatedGpuFleet fleet = SimulatedGpuFleet.create(3, 8, 7, clock,
                List.of(Workload.TRAINING, Workload.INFERENCE, Workload.IDLE), Set.of());
        clock.advance(Duration.ofHours(3));
        double night = meanUtilization(fleet.node("sim-node-02").sample());
        clock.advance(Duration.ofHours(12));
        double afternoon = meanUtilization(fleet.node("sim-node-02").sample());
        assertThat(night).isBetween(0.1, 0.3);
        assertThat(afternoon).isBetween(0.7, 0.95);
        assertThat(fleet.node("sim-node-02").sample()).allSatisfy(g -> assertThat(g.memoryUsedBytes()).isPositive());
        assertThat(fleet.node("sim-node-03").sample()).allSatisfy(g -> {
            assertThat(g.utilization()).isZero();
            assertThat(g.memoryUsedBytes()).isZero();
            assertThat(g.throttleReasons()).containsExactly("gpu_idle");
        });
        assertThat(fleet.node("sim-node-01").workload()).isEqualTo(Workload.TRAINING);
    }

    @Test
    void migNodesReportEveryInstance() {
        ManualClock clock = new ManualClock(MIDNIGHT);
        SimulatedGpuFleet fleet = SimulatedGpuFleet.create(4, 2, 7, clock, List.of(Workload.INFERENCE), Set.of(0, 3));
        clock.advance(Duration.ofHours(14));
        GpuSample h100 = fleet.node("sim-node-01").sample().get(0);
        assertThat(h100.migSlices()).extracting(MigSlice::profile).containsExactly("3g.40gb", "2g.20gb", "1g.10gb", "1g.10gb");
        assertThat(h100.migSlices().stream().mapToLong(MigSlice::memoryUsedBytes).sum()).isLessThanOrEqualTo(h100.memoryUsedBytes());
        assertThat(h100.migSlices()).allSatisfy(s -> assertThat(s.memoryUsedBytes()).isBetween(1L, s.memoryTotalBytes()));
        assertThat(fleet.node("sim-node-04").sample().get(0).migSlices()).extracting(MigSlice::instance)
                .containsExactly("3", "4", "5", "6");
        assertThat(fleet.node("sim-node-02").sample().get(0).migSlices()).isEmpty();
    }

    @Test
    void thermalThrottlingAndXidStormOnDemandAndForTheirDurationOnly() {
        ManualClock clock = new ManualClock(MIDNIGHT);
        SimulatedGpuFleet faulty = SimulatedGpuFleet.create(1, 4, 11, clock);
        SimulatedGpuFleet healthy = SimulatedGpuFleet.create(1, 4, 11, clock);
        clock.advance(Duration.ofMinutes(5));
        SimulatedNode node = faulty.nodes().get(0);
        node.inject(Fault.THERMAL_THROTTLING, Duration.ofMinutes(2));
        node.inject(Fault.XID_STORM, Duration.ofMinutes(1));
        clock.advance(Duration.ofSeconds(30));
        List<GpuSample> hot = node.sample();
        List<GpuSample> normal = healthy.nodes().get(0).sample();
        for (int i = 0; i < hot.size(); i++) {
            assertThat(hot.get(i).temperatureCelsius()).isGreaterThanOrEqualTo(92);
            assertThat(hot.get(i).throttleReasons()).contains("hw_thermal_slowdown");
            assertThat(hot.get(i).smClockMhz()).isLessThan(normal.get(i).smClockMhz() * 0.7);
            assertThat(hot.get(i).lastXid()).isIn(79, 48, 13, 31);
            assertThat(normal.get(i).lastXid()).isZero();
        }
        assertThat(node.activeFaults()).containsExactlyInAnyOrder(Fault.THERMAL_THROTTLING, Fault.XID_STORM);
        clock.advance(Duration.ofMinutes(2));
        assertThat(node.activeFaults()).isEmpty();
        assertThat(node.sample()).isEqualTo(healthy.nodes().get(0).sample());
    }

    @Test
    void aFlappingNicGoesDownAndUpOnASchedule() {
        ManualClock clock = new ManualClock(MIDNIGHT);
        SimulatedGpuFleet fleet = SimulatedGpuFleet.create(1, 8, 5, clock);
        SimulatedNode node = fleet.nodes().get(0);
        node.schedule(Fault.NIC_FLAPPING, Duration.ofMinutes(10), Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(9).plusSeconds(59));
        assertThat(node.nic().up()).isTrue();
        long errorsBefore = node.nic().errors();
        int down = 0;
        int up = 0;
        for (int second = 0; second < 60; second++) { // 10:00 to 10:59
            clock.advance(Duration.ofSeconds(1));
            SimulatedNode.NicSample nic = node.nic();
            if (nic.up()) {
                up++;
                assertThat(nic.speedBitsPerSecond()).isPositive();
            } else {
                down++;
                assertThat(nic.speedBitsPerSecond()).isZero();
            }
        }
        clock.advance(Duration.ofMinutes(1)); // the window (10:00 to 11:00) has passed
        assertThat(down).isBetween(20, 40);
        assertThat(up).isBetween(20, 40);
        assertThat(node.nic().errors()).isGreaterThan(errorsBefore);
        assertThat(node.nic().up()).isTrue();
    }

    @Test
    void aDriftingFeatureShiftsItsDistribution() throws Exception {
        ManualClock clock = new ManualClock(MIDNIGHT);
        SimulatedGpuFleet fleet = SimulatedGpuFleet.create(2, 1, 3, clock, List.of(Workload.INFERENCE), Set.of());
        InferenceFeatureRecords records = new InferenceFeatureRecords(fleet, 3);
        long start = clock.millis();
        List<String> before = records.between(start, start + 600_000);
        fleet.node("sim-node-01").schedule(Fault.DRIFTING_FEATURE, Duration.ofMinutes(10), Duration.ofMinutes(10));
        fleet.node("sim-node-02").schedule(Fault.DRIFTING_FEATURE, Duration.ofMinutes(10), Duration.ofMinutes(10));
        List<String> lateDrift = records.between(start + 900_000, start + 1_200_000);
        assertThat(before).hasSize(2 * 600);
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(before.get(0));
        assertThat(first.get("model").asText()).isEqualTo("sim-ranker");
        assertThat(first.get("timestamp").asText()).isEqualTo("2026-11-30T00:00:01Z");
        assertThat(first.get("features").has("region")).isTrue();
        assertThat(first.get("label").asInt()).isIn(0, 1);
        double baseline = before.stream().mapToDouble(r -> tokens(json, r)).average().orElseThrow();
        double drifted = lateDrift.stream().mapToDouble(r -> tokens(json, r)).average().orElseThrow();
        assertThat(baseline).isBetween(380.0, 420.0);
        assertThat(drifted).isGreaterThan(baseline * 1.9);
        // The same second gives the same record.
        assertThat(records.between(start, start + 600_000)).isEqualTo(before);
    }

    private static double tokens(ObjectMapper json, String record) {
        try {
            return json.readTree(record).get("features").get("request_tokens").asDouble();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
