package dev.fathom.cli.bench.e2e;

import java.util.List;

/**
 * Whether a step at one offered rate held: the load kept its rate, and neither the backlog
 * (points acknowledged by the entry point but not yet stored) nor freshness kept growing over the
 * step. Growth is the least-squares slope over the step after its first quarter (the pipeline's
 * ramp-up): a backlog that rises by more than {@value #MAX_BACKLOG_GROWTH} of the offered rate per
 * second, or freshness that rises by more than {@value #MAX_FRESHNESS_GROWTH} s per second, grows
 * without bound. Batching makes both saw-toothed; the slope over many teeth is flat when the
 * pipeline keeps up.
 */
record RampDecision(boolean held, String reason) {

    static final double MIN_LOAD_KEPT = 0.95;
    static final double MAX_BACKLOG_GROWTH = 0.05;
    static final double MAX_FRESHNESS_GROWTH = 0.1;

    /** A time-stamped measurement: seconds since the step began, and a value. */
    record Sample(double seconds, double value) {}

    /**
     * @param offeredRate points/s asked of the load
     * @param generatedRate points/s the load actually handed over
     * @param backlog backlog samples (points) over the step
     * @param freshness freshness samples (seconds) over the step, by the time of their point
     * @param freshnessLimitSeconds a p99 above this fails the step whatever the trend
     * @param stepSeconds the step's length
     * @param dropped points lost (errors) during the step
     */
    static RampDecision evaluate(double offeredRate, double generatedRate, List<Sample> backlog, List<Sample> freshness,
                                 double freshnessLimitSeconds, double stepSeconds, long dropped) {
        if (dropped > 0) {
            return new RampDecision(false, dropped + " points lost");
        }
        if (generatedRate < MIN_LOAD_KEPT * offeredRate) {
            return new RampDecision(false, String.format("the load handed over %.0f of %.0f points/s offered (entry point blocked or generator short of CPU)", generatedRate, offeredRate));
        }
        double settle = stepSeconds / 4;
        double backlogSlope = slope(backlog, settle);
        if (backlogSlope > MAX_BACKLOG_GROWTH * offeredRate) {
            return new RampDecision(false, String.format("backlog grew %.0f points/s", backlogSlope));
        }
        if (freshness.isEmpty()) {
            return new RampDecision(false, "no point became readable during the step");
        }
        double freshnessSlope = slope(freshness, settle);
        if (freshnessSlope > MAX_FRESHNESS_GROWTH) {
            return new RampDecision(false, String.format("freshness grew %.2f s per s", freshnessSlope));
        }
        double p99 = Percentiles.of(freshness.stream().map(Sample::value).toList()).p99();
        if (p99 > freshnessLimitSeconds) {
            return new RampDecision(false, String.format("freshness p99 %.1f s over the %.0f s limit", p99, freshnessLimitSeconds));
        }
        return new RampDecision(true, "held");
    }

    /** Least-squares slope of the samples at or after {@code fromSeconds}; 0 with fewer than 3. */
    static double slope(List<Sample> samples, double fromSeconds) {
        List<Sample> used = samples.stream().filter(s -> s.seconds() >= fromSeconds).toList();
        if (used.size() < 3) {
            return 0;
        }
        double n = used.size();
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (Sample s : used) {
            sx += s.seconds();
            sy += s.value();
            sxx += s.seconds() * s.seconds();
            sxy += s.seconds() * s.value();
        }
        double denominator = n * sxx - sx * sx;
        return denominator == 0 ? 0 : (n * sxy - sx * sy) / denominator;
    }
}
