package dev.fathom.dashboard.fleet;

import dev.fathom.storage.query.GpuStatus;
import java.util.List;

/**
 * The fleet's headline numbers. A mean or total over GPUs that never reported the metric is NaN,
 * so "no data" never reads as zero.
 *
 * @param gpusReporting GPUs that reported anything within the look-back
 * @param meanUtilization mean of the GPUs' latest utilisation, 0..1
 * @param totalPowerWatts sum of the GPUs' latest power draw
 */
public record FleetSummary(int gpusReporting, double meanUtilization, double totalPowerWatts) {

    public static FleetSummary of(List<GpuStatus> gpus) {
        double utilizationSum = 0;
        int withUtilization = 0;
        double powerSum = 0;
        int withPower = 0;
        for (GpuStatus gpu : gpus) {
            if (!Double.isNaN(gpu.utilization())) {
                utilizationSum += gpu.utilization();
                withUtilization++;
            }
            if (!Double.isNaN(gpu.powerWatts())) {
                powerSum += gpu.powerWatts();
                withPower++;
            }
        }
        return new FleetSummary(gpus.size(),
                withUtilization == 0 ? Double.NaN : utilizationSum / withUtilization,
                withPower == 0 ? Double.NaN : powerSum);
    }
}
