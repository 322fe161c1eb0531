package dev.fathom.collectors.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Which method decides, and where its thresholds lie. */
class DriftEvaluatorTest {

    private static WindowResult window(ReferenceProfile profile, DriftThresholds thresholds, int rows, double shift,
            double[] planWeights, long seed) throws BadRecordException {
        DriftMonitor monitor = new DriftMonitor(Map.of(profile.model(), profile), thresholds,
                new WindowPolicy(rows, Duration.ofDays(1), 1), Clock.systemUTC());
        Random random = new Random(seed);
        for (int i = 0; i < rows; i++) {
            monitor.accept(DriftRecords.random(random, profile.model(), shift, planWeights));
        }
        assertThat(monitor.latestResults()).hasSize(1);
        return monitor.latestResults().get(0);
    }

    @Test
    void aSmallReferenceIsJudgedByKsAndChiSquare() throws Exception {
        ReferenceProfile profile = DriftRecords.profile("small", 500, 1);
        // Seeds chosen so that the unshifted window is not one of the 5 % that a 0.05 test flags by chance.
        WindowResult same = window(profile, DriftThresholds.defaults(), 500, 0, new double[] {0.5, 0.3, 0.2}, 20);
        WindowResult moved = window(profile, DriftThresholds.defaults(), 500, 0.5, new double[] {0.2, 0.3, 0.5}, 3);

        assertThat(same.column("x").decidingMethod()).isEqualTo(DriftMethod.KS);
        assertThat(same.column("plan").decidingMethod()).isEqualTo(DriftMethod.CHI_SQUARE);
        assertThat(same.column("x").result(DriftMethod.KS).value()).isGreaterThan(0.05);
        assertThat(same.column("x").drifted()).isFalse();
        assertThat(same.column("plan").drifted()).isFalse();
        assertThat(same.driftedColumns()).isZero();

        assertThat(moved.column("x").result(DriftMethod.KS).value()).isLessThan(0.05);
        assertThat(moved.column("x").drifted()).isTrue();
        assertThat(moved.column("plan").drifted()).isTrue();
        assertThat(moved.column(FeatureRecord.PREDICTION).drifted()).isFalse();
        assertThat(moved.driftedColumns()).isEqualTo(2);
    }

    @Test
    void aLargeReferenceIsJudgedByNormedWassersteinAndJensenShannon() throws Exception {
        ReferenceProfile profile = DriftRecords.profile("large", 5000, 4);
        WindowResult moved = window(profile, DriftThresholds.defaults(), 2000, 0.3, new double[] {0.5, 0.3, 0.2}, 5);
        ColumnDrift x = moved.column("x");
        assertThat(x.decidingMethod()).isEqualTo(DriftMethod.WASSERSTEIN);
        assertThat(moved.column("plan").decidingMethod()).isEqualTo(DriftMethod.JENSEN_SHANNON);
        // Normed: divided by the reference's population standard deviation (about 1 here).
        assertThat(x.result(DriftMethod.WASSERSTEIN).value()).isCloseTo(0.3, within(0.06));
        assertThat(x.drifted()).isTrue();
        assertThat(moved.column("plan").drifted()).isFalse();
    }

    @Test
    void normedWassersteinIsTheDistanceOverTheReferenceStandardDeviation() throws Exception {
        ProfileBuilder builder = new ProfileBuilder("w");
        double[] reference = {0, 1, 2, 3, 4};
        for (double v : reference) {
            builder.add(DriftRecords.record("w", v, "free", null));
        }
        ReferenceProfile profile = builder.build();
        DriftMonitor monitor = new DriftMonitor(Map.of("w", profile), DriftThresholds.defaults(),
                new WindowPolicy(5, Duration.ofDays(1), 1), Clock.systemUTC());
        for (double v : reference) {
            monitor.accept(DriftRecords.record("w", v + 0.5, "free", null));
        }
        // W = 0.5 (a shift), population std of 0..4 = sqrt(2).
        MethodResult w = monitor.latestResults().get(0).column("x").result(DriftMethod.WASSERSTEIN);
        assertThat(w.value()).isCloseTo(0.5 / Math.sqrt(2), within(1e-9));
        assertThat(w.threshold()).isEqualTo(0.1);
        assertThat(w.detected()).isTrue();
    }

    @Test
    void thresholdsAreConfigurable() throws Exception {
        ReferenceProfile profile = DriftRecords.profile("large", 5000, 4);
        DriftThresholds lenient = new DriftThresholds(0.05, 0.05, 0.5, 0.1, 0.5, 1000);
        WindowResult moved = window(profile, lenient, 2000, 0.3, new double[] {0.5, 0.3, 0.2}, 5);
        MethodResult w = moved.column("x").result(DriftMethod.WASSERSTEIN);
        assertThat(w.threshold()).isEqualTo(0.5);
        assertThat(w.detected()).isFalse();
        assertThat(moved.column("x").drifted()).isFalse();
        assertThat(moved.column("x").result(DriftMethod.PSI).threshold()).isEqualTo(0.5);

        // Raising the small-reference bound makes KS decide for the same 5000-row reference.
        DriftThresholds ksForAll = new DriftThresholds(0.05, 0.05, 0.1, 0.1, 0.1, 10_000);
        assertThat(window(profile, ksForAll, 2000, 0.3, new double[] {0.5, 0.3, 0.2}, 5).column("x").decidingMethod())
                .isEqualTo(DriftMethod.KS);
    }

    @Test
    void psiAndJensenShannonUseTheProfilesQuantileBins() throws Exception {
        ReferenceProfile profile = DriftRecords.profile("bins", 3000, 6);
        FeatureProfile x = profile.features().get("x");
        assertThat(x.edges()).hasSize(29);
        assertThat(x.counts()).hasSize(30);
        assertThat(Arrays.stream(x.counts()).sum()).isEqualTo(3000);
        // Quantile bins are equally filled: 100 reference rows each.
        assertThat(x.counts()).containsOnly(100L);

        WindowResult moved = window(profile, DriftThresholds.defaults(), 1000, 1.0, new double[] {0.5, 0.3, 0.2}, 7);
        ColumnDrift column = moved.column("x");
        // Recompute from the definition: shares of the window per profile bin against 1/30 each.
        double[] window = new double[30];
        Random random = new Random(7);
        for (int i = 0; i < 1000; i++) {
            FeatureRecord r = DriftRecords.random(random, "bins", 1.0, new double[] {0.5, 0.3, 0.2});
            window[QuantileBins.binOf(x.edges(), (Double) r.features().get("x"))] += 1.0 / 1000;
        }
        double psi = 0;
        for (double c : window) {
            double cur = c == 0 ? 0.0001 : c;
            psi += (1.0 / 30 - cur) * Math.log((1.0 / 30) / cur);
        }
        assertThat(column.result(DriftMethod.PSI).value()).isCloseTo(psi, within(1e-9));
        assertThat(column.result(DriftMethod.PSI).detected()).isTrue();
    }

    @Test
    void aWindowWithoutValuesForAColumnReportsOnlyItsMissingShare() throws Exception {
        ReferenceProfile profile = DriftRecords.profile("m", 200, 8);
        DriftMonitor monitor = new DriftMonitor(Map.of("m", profile), DriftThresholds.defaults(),
                new WindowPolicy(4, Duration.ofDays(1), 1), Clock.systemUTC());
        for (int i = 0; i < 4; i++) {
            FeatureRecord r = DriftRecords.record("m", i, i < 3 ? null : "pro", null);
            monitor.accept(r);
        }
        WindowResult result = monitor.latestResults().get(0);
        assertThat(result.column("plan").missingShare()).isEqualTo(0.75);
        assertThat(result.column(FeatureRecord.PREDICTION).missingShare()).isEqualTo(1.0);
        assertThat(result.column(FeatureRecord.PREDICTION).results()).isEmpty();
        assertThat(result.column("x").missingShare()).isEqualTo(0.0);
    }
}
