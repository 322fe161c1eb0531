package dev.fathom.dashboard.fleet;

import dev.fathom.storage.query.GpuStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The fleet's headline numbers. A mean or total over GPUs that never reported the metric is NaN,
 * so "no data" never reads as zero.
 *
 * @param gpusReporting GPUs that reported anything within the look-back
 * @param meanUtilization mean of the GPUs' latest utilisation, 0..1
 * @param totalPowerWatts sum of the GPUs' latest power draw
 * @param unhealthy GPUs at or above {@link #HOT_CELSIUS}, with an XID error in the range, or silent
 *     for longer than {@link #STALE}
 */
public record FleetSummary(int gpusReporting, double meanUtilization, double totalPowerWatts, int unhealthy) {

    /** NVIDIA's data-centre GPUs start slowing down around here. */
    public static final double HOT_CELSIUS = 85;
    public static final Duration STALE = Duration.ofMinutes(2);

    public int healthy() {
        return gpusReporting - unhealthy;
    }

    public static FleetSummary of(List<GpuStatus> gpus) {
        return of(gpus, List.of(), Instant.MAX);
    }

    public static FleetSummary of(List<GpuStatus> gpus, List<GpuEvent> events, Instant at) {
        Set<String> withXid = new HashSet<>();
        for (GpuEvent event : events) {
            if (event.kind().equals(GpuEvent.XID)) {
                withXid.add(event.host() + "/" + event.gpu());
            }
        }
        double utilizationSum = 0;
        int withUtilization = 0;
        double powerSum = 0;
        int withPower = 0;
        int unhealthy = 0;
        for (GpuStatus gpu : gpus) {
            if (!Double.isNaN(gpu.utilization())) {
                utilizationSum += gpu.utilization();
                withUtilization++;
            }
            if (!Double.isNaN(gpu.powerWatts())) {
                powerSum += gpu.powerWatts();
                withPower++;
            }
            if (isUnhealthy(gpu, withXid, at)) {
                unhealthy++;
            }
        }
        return new FleetSummary(gpus.size(),
                withUtilization == 0 ? Double.NaN : utilizationSum / withUtilization,
                withPower == 0 ? Double.NaN : powerSum, unhealthy);
    }

    static boolean isUnhealthy(GpuStatus gpu, Set<String> withXid, Instant at) {
        boolean hot = !Double.isNaN(gpu.temperatureCelsius()) && gpu.temperatureCelsius() >= HOT_CELSIUS;
        boolean stale = at != Instant.MAX && gpu.lastSeen().isBefore(at.minus(STALE));
        return hot || stale || withXid.contains(gpu.host() + "/" + gpu.index());
    }
}
