package dev.fathom.cli.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOfOneToAHundred() {
        List<Integer> values = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            values.add(i);
        }
        Collections.shuffle(values, new java.util.Random(7));

        Percentiles p = Percentiles.of(values);

        assertThat(p).isEqualTo(new Percentiles(100, 50, 95, 99, 100));
    }

    @Test
    void aFewValuesGiveMeasuredValuesNotInterpolations() {
        Percentiles p = Percentiles.of(List.of(0.4, 2.0, 9.5));

        assertThat(p.p50()).isEqualTo(2.0);
        assertThat(p.p95()).isEqualTo(9.5);
        assertThat(p.p99()).isEqualTo(9.5);
    }

    @Test
    void oneSlowValueInAHundredIsThePercentileAboveNinetyNine() {
        List<Double> values = new ArrayList<>(Collections.nCopies(99, 1.0));
        values.add(30.0);

        Percentiles p = Percentiles.of(values);

        assertThat(p.p99()).isEqualTo(1.0);
        assertThat(p.max()).isEqualTo(30.0);
    }

    @Test
    void noValuesGiveNone() {
        assertThat(Percentiles.of(List.<Double>of()).count()).isZero();
        assertThat(Percentiles.of(List.<Double>of()).p99()).isNaN();
    }
}
