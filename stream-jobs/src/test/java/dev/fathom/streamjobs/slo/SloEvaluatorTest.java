package dev.fathom.streamjobs.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Generated counters over simulated time: 1000 requests a minute, a baseline error rate, a
 * spike, a recovery. Expected minutes follow from the SRE workbook's arithmetic, written out below.
 */
class SloEvaluatorTest {

    static final long START_MINUTE = 29_000_000; // 2025-02-21, any minute works
    static final double TARGET = 0.999;

    static SloDefinition availability(List<BurnRateRule> rules) {
        SloDefinition.Selector all = new SloDefinition.Selector("http.requests", Map.of());
        return new SloDefinition("api", "api", "web", "", new SloDefinition.RatioIndicator(null, all, all), TARGET,
                SloDefinition.Window.rolling(Duration.ofDays(30)), SloDefinition.Budgeting.OCCURRENCES, 0, 0, rules);
    }

    /** Runs minutes with the given error rates; returns the severities firing after each. */
    static List<String> run(SloEvaluator evaluator, SloWindowState state, long firstMinute, double[] errorRates,
                            List<SloEvaluator.Evaluation> evaluations) {
        List<String> firing = new ArrayList<>();
        for (int i = 0; i < errorRates.length; i++) {
            long minute = firstMinute + i;
            evaluator.add(state, minute * 60_000 + 30_000, 1000 * errorRates[i], 1000);
            SloEvaluator.Evaluation e = evaluator.evaluate(state, minute);
            evaluations.add(e);
            firing.add(String.join(",", e.firingSeverities()));
        }
        return firing;
    }

    static double[] constant(int minutes, double rate) {
        double[] out = new double[minutes];
        java.util.Arrays.fill(out, rate);
        return out;
    }

    @Test
    void aSpikePagesAfterTheLongWindowFillsAndResolvesOnceTheShortWindowClears() {
        SloEvaluator evaluator = new SloEvaluator(availability(BurnRateRule.DEFAULTS));
        SloWindowState state = evaluator.newState();
        List<SloEvaluator.Evaluation> evals = new ArrayList<>();

        // Two hours at 0.05 % errors: burn 0.5 everywhere, nothing fires.
        List<String> baseline = run(evaluator, state, START_MINUTE, constant(120, 0.0005), evals);
        assertThat(baseline).allMatch(String::isEmpty);
        SloEvaluator.Evaluation last = evals.get(evals.size() - 1);
        assertThat(last.burnRates().get(Duration.ofHours(1))).isCloseTo(0.5, within(1e-9));
        assertThat(last.status().budgetRemaining()).isCloseTo(0.5, within(1e-9));

        // 2 % errors (burn 20). Page (14.4 over 1h and 5m): the 1h error rate is
        // (0.02 k + 0.0005 (60 - k)) / 60 >= 0.0144 once k >= 42.8, so at spike minute 43.
        // Ticket (1 over 3d and 6h; both windows hold all 120 + k minutes seen):
        // (0.02 k + 0.06) / (120 + k) >= 0.001 once k >= 3.2, so at spike minute 4.
        List<String> spike = run(evaluator, state, START_MINUTE + 120, constant(45, 0.02), evals);
        assertThat(spike.subList(0, 3)).allMatch(String::isEmpty);
        assertThat(spike.get(3)).isEqualTo("warning");
        assertThat(spike.get(41)).isEqualTo("warning");
        assertThat(spike.get(42)).isEqualTo("critical,warning");

        // Recovery at 0 %: the 5m burn is 20 (5 - r) / 5, below 14.4 from the 2nd clean minute, so
        // the page resolves then; the ticket holds while the 6h window still burns >= 1.
        List<String> recovery = run(evaluator, state, START_MINUTE + 165, constant(10, 0), evals);
        assertThat(recovery.get(0)).isEqualTo("critical,warning");
        assertThat(recovery.get(1)).isEqualTo("warning");
        SloEvaluator.Evaluation now = evals.get(evals.size() - 1);
        // 30-day budget: (120 x 0.5 + 45 x 20 + 10 x 0) errors over 175,000 requests = 0.96/175 per request.
        double errorRate = (120 * 0.5 + 45 * 20) / 175_000.0;
        assertThat(now.status().budgetRemaining()).isCloseTo(1 - errorRate / 0.001, within(1e-9));
        assertThat(now.status().total()).isEqualTo(175_000);
        assertThat(now.status().firing()).containsExactly("ticket");
    }

    @Test
    void timeslicesCountBadSlicesInACalendarWindowThatResetsAtTheMonthBoundary() {
        SloDefinition.Selector all = new SloDefinition.Selector("http.requests", Map.of());
        SloDefinition slo = new SloDefinition("lat", "api", "web", "", new SloDefinition.RatioIndicator(null, all, all), 0.9,
                new SloDefinition.Window(null, ChronoUnit.MONTHS, 1, ZoneId.of("UTC")), SloDefinition.Budgeting.TIMESLICES,
                0.95, 1, BurnRateRule.DEFAULTS);
        SloEvaluator evaluator = new SloEvaluator(slo);
        SloWindowState state = evaluator.newState();
        long march1 = java.time.Instant.parse("2025-03-01T00:00:00Z").getEpochSecond() / 60;
        List<SloEvaluator.Evaluation> evals = new ArrayList<>();
        // The last 10 minutes of February: 2 bad slices (10 % errors) of 10; then March: 1 of 4.
        double[] feb = {0, 0.1, 0, 0, 0.1, 0, 0, 0, 0, 0};
        run(evaluator, state, march1 - 10, feb, evals);
        assertThat(evals.get(9).status().budgetRemaining()).isCloseTo(1 - 0.2 / 0.1, within(1e-9));
        run(evaluator, state, march1, new double[] {0, 0.5, 0, 0.01}, evals);
        SloEvaluator.Evaluation march = evals.get(evals.size() - 1);
        assertThat(march.status().budgetRemaining()).isCloseTo(1 - 0.25 / 0.1, within(1e-9));
        assertThat(march.status().total()).isEqualTo(4000);
        assertThat(march.status().windowSeconds()).isEqualTo(31L * 24 * 3600);
        // The 5m window holds the last February slice and March's four: 1 bad (50 % errors) of 5.
        assertThat(march.burnRates().get(Duration.ofMinutes(5))).isCloseTo((1 / 5.0) / 0.1, within(1e-9));
    }
}
