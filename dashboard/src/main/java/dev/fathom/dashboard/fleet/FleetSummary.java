package dev.fathom.dashboard.fleet;

/**
 * The fleet's headline numbers, counted in ClickHouse (storage's {@code FleetQueries.summary}). A
 * mean or total over GPUs that never reported the metric is NaN, so "no data" never reads as zero.
 *
 * @param gpusReporting GPUs that reported anything within the look-back
 * @param meanUtilization mean of the GPUs' latest utilisation, 0..1
 * @param totalPowerWatts sum of the GPUs' latest power draw
 * @param unhealthy GPUs at or above 85 °C, throttled (any reason but idle), with an XID error, or
 *     silent for over 2 minutes, at the range's end
 */
public record FleetSummary(int gpusReporting, double meanUtilization, double totalPowerWatts, int unhealthy) {

    public static final FleetSummary NONE = new FleetSummary(0, Double.NaN, Double.NaN, 0);

    public int healthy() {
        return gpusReporting - unhealthy;
    }
}
