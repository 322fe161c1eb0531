package dev.fathom.cli.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class RampDecisionTest {

    static final double RATE = 100_000;

    /** One sample per second for 30 s; freshness ten a second. */
    static List<RampDecision.Sample> series(double step, DoubleUnaryOperator value) {
        List<RampDecision.Sample> out = new ArrayList<>();
        for (double t = 0; t < 30; t += step) {
            out.add(new RampDecision.Sample(t, value.applyAsDouble(t)));
        }
        return out;
    }

    /** A sink that writes every 2 s: backlog and freshness saw-tooth but do not grow. */
    static double sawTooth(double t, double height) {
        return height * ((t % 2.0) / 2.0);
    }

    @Test
    void aSawToothBacklogAndFreshnessHold() {
        RampDecision d = RampDecision.evaluate(RATE, 99_500, series(1, t -> sawTooth(t, 200_000)),
                series(0.1, t -> 1 + sawTooth(t, 2)), 30, 30, 0);

        assertThat(d.held()).as(d.reason()).isTrue();
    }

    @Test
    void aBacklogGrowingFasterThanFivePercentOfTheRateFails() {
        RampDecision d = RampDecision.evaluate(RATE, 100_000, series(1, t -> 8_000 * t),
                series(0.1, t -> 1.5), 30, 30, 0);

        assertThat(d.held()).isFalse();
        assertThat(d.reason()).startsWith("backlog grew 8000");
    }

    @Test
    void aBacklogBuiltOnlyWhileThePipelineStartsUpIsForgiven() {
        // Rises during the first quarter, flat after: the slope is taken after the first 7.5 s.
        RampDecision d = RampDecision.evaluate(RATE, 100_000, series(1, t -> Math.min(t, 5) * 40_000),
                series(0.1, t -> 2), 30, 30, 0);

        assertThat(d.held()).as(d.reason()).isTrue();
    }

    @Test
    void freshnessGrowingSteadilyFails() {
        RampDecision d = RampDecision.evaluate(RATE, 100_000, series(1, t -> 1000),
                series(0.1, t -> 1 + 0.3 * t), 30, 30, 0);

        assertThat(d.held()).isFalse();
        assertThat(d.reason()).startsWith("freshness grew 0.30");
    }

    @Test
    void freshnessAboveTheLimitFailsEvenWhenFlat() {
        RampDecision d = RampDecision.evaluate(RATE, 100_000, series(1, t -> 1000), series(0.1, t -> 40), 30, 30, 0);

        assertThat(d.held()).isFalse();
        assertThat(d.reason()).contains("over the 30 s limit");
    }

    @Test
    void aLoadThatCouldNotEnterFails() {
        RampDecision d = RampDecision.evaluate(RATE, 80_000, series(1, t -> 0), series(0.1, t -> 1), 30, 30, 0);

        assertThat(d.held()).isFalse();
        assertThat(d.reason()).contains("handed over 80000 of 100000");
    }

    @Test
    void lostPointsFailWhateverElse() {
        RampDecision d = RampDecision.evaluate(RATE, 100_000, series(1, t -> 0), series(0.1, t -> 1), 30, 30, 7);

        assertThat(d).isEqualTo(new RampDecision(false, "7 points lost"));
    }

    @Test
    void aStepWhereNothingBecameReadableFails() {
        RampDecision d = RampDecision.evaluate(RATE, 100_000, series(1, t -> 0), List.of(), 30, 30, 0);

        assertThat(d.held()).isFalse();
    }

    @Test
    void aKeptUpPipelineSampledFourTimesASecondRarelyLooksLikeGrowth() {
        // Backlog anywhere between 0 and two checkpoints' worth, at random: no trend at all.
        java.util.Random random = new java.util.Random(42);
        int failures = 0;
        for (int run = 0; run < 200; run++) {
            RampDecision d = RampDecision.evaluate(RATE, 100_000, series(0.25, t -> random.nextDouble() * 2 * RATE),
                    series(0.1, t -> 1 + random.nextDouble() * 2), 30, 20, 0);
            failures += d.held() ? 0 : 1;
        }
        assertThat(failures).isLessThanOrEqualTo(2);
    }

    @Test
    void slopeIsTheLeastSquaresFit() {
        assertThat(RampDecision.slope(series(1, t -> 3 * t + 7), 0)).isCloseTo(3.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(RampDecision.slope(List.of(new RampDecision.Sample(1, 5)), 0)).isZero();
    }
}
