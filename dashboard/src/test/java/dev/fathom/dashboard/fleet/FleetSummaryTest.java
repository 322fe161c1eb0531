package dev.fathom.dashboard.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.storage.query.GpuStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetSummaryTest {

    static GpuStatus gpu(double utilization, double power) {
        return new GpuStatus("node-a", "GPU-x", "0", "NVIDIA H100", utilization, Double.NaN, Double.NaN, power, Double.NaN, Instant.EPOCH);
    }

    @Test
    void meansAndTotalsSkipGpusThatDidNotReportTheMetric() {
        FleetSummary summary = FleetSummary.of(List.of(gpu(0.5, 300), gpu(1.0, Double.NaN), gpu(Double.NaN, 100)));

        assertThat(summary.gpusReporting()).isEqualTo(3);
        assertThat(summary.meanUtilization()).isEqualTo(0.75);
        assertThat(summary.totalPowerWatts()).isEqualTo(400);
    }

    @Test
    void anEmptyFleetHasNoMeanRatherThanZero() {
        FleetSummary summary = FleetSummary.of(List.of());

        assertThat(summary.gpusReporting()).isZero();
        assertThat(summary.meanUtilization()).isNaN();
        assertThat(summary.totalPowerWatts()).isNaN();
    }
}
