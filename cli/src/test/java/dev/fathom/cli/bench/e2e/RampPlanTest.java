package dev.fathom.cli.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.Test;

class RampPlanTest {

    /** Runs the plan against a system that holds exactly the rates {@code holds} accepts. */
    static List<Double> offered(RampPlan plan, DoublePredicate holds) {
        List<Double> rates = new ArrayList<>();
        while (plan.next().isPresent() && rates.size() < 50) {
            double rate = plan.next().getAsDouble();
            rates.add(rate);
            plan.record(rate, holds.test(rate));
        }
        return rates;
    }

    @Test
    void doublesUntilAStepFailsThenRefinesBetweenTheBounds() {
        RampPlan plan = new RampPlan(25_000, 2, 2, 4_000_000);

        List<Double> rates = offered(plan, r -> r <= 300_000);

        // 25k 50k 100k 200k held, 400k failed; sqrt(200k*400k)=283k held; sqrt(283k*400k)=336k failed.
        assertThat(rates).containsExactly(25_000.0, 50_000.0, 100_000.0, 200_000.0, 400_000.0, 283_000.0, 336_000.0);
        assertThat(plan.highestHeld()).isEqualTo(283_000.0);
    }

    @Test
    void stopsAtTheMaximumRateWhenEverythingHolds() {
        RampPlan plan = new RampPlan(100_000, 2, 2, 300_000);

        assertThat(offered(plan, r -> true)).containsExactly(100_000.0, 200_000.0, 300_000.0);
        assertThat(plan.highestHeld()).isEqualTo(300_000.0);
    }

    @Test
    void stepsDownWhenTheFirstRateFails() {
        RampPlan plan = new RampPlan(100_000, 2, 1, 1_000_000);

        List<Double> rates = offered(plan, r -> r <= 30_000);

        assertThat(rates).startsWith(100_000.0, 50_000.0, 25_000.0);
        assertThat(plan.highestHeld()).isBetween(25_000.0, 30_000.0);
    }

    @Test
    void endsWhenNothingHoldsDownToAThousand() {
        RampPlan plan = new RampPlan(4_000, 2, 2, 1_000_000);

        assertThat(offered(plan, r -> false)).containsExactly(4_000.0, 2_000.0, 1_000.0);
        assertThat(plan.highestHeld()).isZero();
    }
}
