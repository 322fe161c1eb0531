package dev.fathom.cli.bench.e2e;

import java.util.OptionalDouble;

/**
 * The offered rates of a ramp: multiply by {@code factor} while steps hold; after the first step
 * that fails, try {@code refinements} rates between the highest that held and the lowest that
 * failed (geometric midpoints). When the first step fails it divides by {@code factor} until one holds.
 * The answer is the highest rate that held.
 */
final class RampPlan {

    private final double factor;
    private final int refinements;
    private final double maxRate;
    private double highestHeld = 0;
    private double lowestFailed = Double.POSITIVE_INFINITY;
    private double next;
    private int refined = 0;

    RampPlan(double startRate, double factor, int refinements, double maxRate) {
        if (startRate <= 0 || factor <= 1) {
            throw new IllegalArgumentException("a ramp needs a start rate > 0 and a factor > 1");
        }
        this.factor = factor;
        this.refinements = refinements;
        this.maxRate = maxRate;
        this.next = startRate;
    }

    /** The next rate to offer, or empty when the ramp is over. */
    OptionalDouble next() {
        return next > 0 ? OptionalDouble.of(next) : OptionalDouble.empty();
    }

    /** Records the outcome of the step at the rate {@link #next()} gave. */
    void record(double rate, boolean held) {
        if (held) {
            highestHeld = Math.max(highestHeld, rate);
        } else {
            lowestFailed = Math.min(lowestFailed, rate);
        }
        if (Double.isInfinite(lowestFailed)) {
            double up = rate * factor;
            next = rate >= maxRate ? 0 : Math.min(up, maxRate);
            return;
        }
        if (highestHeld == 0) {
            // Nothing held yet: step down until something does.
            double down = rate / factor;
            next = down < 1000 ? 0 : Math.round(down);
            return;
        }
        if (refined >= refinements) {
            next = 0;
            return;
        }
        refined++;
        double mid = Math.sqrt(highestHeld * lowestFailed);
        // Not worth a step when the bounds are within 10 % of each other.
        next = lowestFailed / highestHeld < 1.1 ? 0 : Math.round(mid / 1000.0) * 1000.0;
    }

    double highestHeld() {
        return highestHeld;
    }
}
