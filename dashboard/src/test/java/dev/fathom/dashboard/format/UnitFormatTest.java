package dev.fathom.dashboard.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class UnitFormatTest {

    static final double GIB = 1024.0 * 1024 * 1024;

    @Test
    void missingValuesAreADashNeverZero() {
        assertThat(UnitFormat.percent(Double.NaN)).isEqualTo("–");
        assertThat(UnitFormat.watts(Double.NaN)).isEqualTo("–");
        assertThat(UnitFormat.celsius(Double.NaN)).isEqualTo("–");
        assertThat(UnitFormat.memory(Double.NaN, Double.NaN)).isEqualTo("–");
        assertThat(UnitFormat.age(null, Instant.EPOCH)).isEqualTo("–");
    }

    @Test
    void percentTakesAShareAndRoundsToWholePercent() {
        assertThat(UnitFormat.percent(0)).isEqualTo("0 %");
        assertThat(UnitFormat.percent(0.634)).isEqualTo("63 %");
        assertThat(UnitFormat.percent(0.635)).isEqualTo("64 %");
        assertThat(UnitFormat.percent(1)).isEqualTo("100 %");
    }

    @Test
    void memoryIsUsedOverTotalInGibibytes() {
        assertThat(UnitFormat.memory(40 * GIB, 80 * GIB)).isEqualTo("40.0 / 80.0 GiB");
        // An H100's 81559 MiB as nvidia-smi reports it.
        assertThat(UnitFormat.memory(0, 81559.0 * 1024 * 1024)).isEqualTo("0.0 / 79.6 GiB");
        assertThat(UnitFormat.memory(12.25 * GIB, Double.NaN)).isEqualTo("12.3 / – GiB");
    }

    @Test
    void wattsSwitchToKilowattsForFleetTotals() {
        assertThat(UnitFormat.watts(347.2)).isEqualTo("347 W");
        assertThat(UnitFormat.watts(9_999)).isEqualTo("9999 W");
        assertThat(UnitFormat.watts(12_400)).isEqualTo("12.4 kW");
    }

    @Test
    void celsiusIsWholeDegrees() {
        assertThat(UnitFormat.celsius(71.4)).isEqualTo("71 °C");
    }

    @Test
    void ageIsSecondsThenMinutesThenHours() {
        Instant now = Instant.parse("2026-11-29T12:00:00Z");
        assertThat(UnitFormat.age(now, now)).isEqualTo("0 s ago");
        assertThat(UnitFormat.age(now.plusSeconds(3), now)).as("clock skew").isEqualTo("0 s ago");
        assertThat(UnitFormat.age(now.minusSeconds(119), now)).isEqualTo("119 s ago");
        assertThat(UnitFormat.age(now.minusSeconds(300), now)).isEqualTo("5 min ago");
        assertThat(UnitFormat.age(now.minusSeconds(3 * 3600), now)).isEqualTo("3 h ago");
    }

    @Test
    void countsAreGrouped() {
        assertThat(UnitFormat.count(1024)).isEqualTo("1,024");
    }
}
