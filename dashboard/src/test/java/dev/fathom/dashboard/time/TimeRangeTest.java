package dev.fathom.dashboard.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimeRangeTest {

    static final Instant NOW = Instant.parse("2026-11-29T12:00:00.750Z");

    @Test
    void aRelativeRangeEndsAtNowToTheSecondAndRoundTripsThroughTheUrl() {
        TimeRange.Parsed parsed = TimeRange.parse(Map.of("range", "6h"));

        assertThat(parsed.problem()).isEmpty();
        TimeRange.Window window = parsed.range().window(NOW);
        assertThat(window.from()).isEqualTo(Instant.parse("2026-11-29T06:00:00Z"));
        assertThat(window.to()).isEqualTo(Instant.parse("2026-11-29T12:00:00Z"));
        assertThat(parsed.range().toParameters()).isEqualTo(Map.of("range", "6h"));
    }

    @Test
    void costWindowsOfSixHoursOrMoreAreReadInWholeHoursIncludingTheCurrentOne() {
        TimeRange.Window day = new TimeRange.Window(Instant.parse("2026-11-28T12:17:00Z"), Instant.parse("2026-11-29T12:17:05Z"));
        assertThat(day.forCost()).isEqualTo(new TimeRange.Window(Instant.parse("2026-11-28T12:00:00Z"), Instant.parse("2026-11-29T13:00:00Z")));
        TimeRange.Window whole = new TimeRange.Window(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-08T00:00:00Z"));
        assertThat(whole.forCost()).isEqualTo(whole);
        // Short windows stay exact to the minute: the ledger itself is cheap to read for them.
        TimeRange.Window quarter = new TimeRange.Window(Instant.parse("2026-11-29T12:02:00Z"), Instant.parse("2026-11-29T12:17:00Z"));
        assertThat(quarter.forCost()).isEqualTo(quarter);
        assertThat(quarter.aligned(Duration.ofDays(1)))
                .isEqualTo(new TimeRange.Window(Instant.parse("2026-11-29T00:00:00Z"), Instant.parse("2026-11-30T00:00:00Z")));
    }

    @Test
    void chartsGetAtMost240StepsAndTheHostHeatmapAtMost120() {
        TimeRange.Window month = TimeRange.last("30d").window(NOW);
        assertThat(month.step()).isEqualTo(Duration.ofHours(3));
        assertThat(month.step(120)).isEqualTo(Duration.ofHours(6));
        TimeRange.Window hour = TimeRange.last("1h").window(NOW);
        assertThat(hour.step()).isEqualTo(Duration.ofSeconds(15));
        assertThat(hour.step(120)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void anAbsoluteRangeIsFixed() {
        TimeRange.Parsed parsed = TimeRange.parse(Map.of("from", "2026-11-01T00:00:00Z", "to", "2026-11-08T00:00:00Z"));

        TimeRange.Window window = parsed.range().window(NOW);
        assertThat(window.from()).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(window.previous().from()).isEqualTo(Instant.parse("2026-10-25T00:00:00Z"));
        assertThat(window.previous().to()).isEqualTo(window.from());
        assertThat(window.step()).isEqualTo(Duration.ofHours(1));
        assertThat(parsed.range().toParameters()).containsEntry("from", "2026-11-01T00:00:00Z");
    }

    @Test
    void stepsKeepChartsToAtMost240Buckets() {
        assertThat(TimeRange.last("15m").window(NOW).step()).isEqualTo(Duration.ofSeconds(15));
        assertThat(TimeRange.last("1h").window(NOW).step()).isEqualTo(Duration.ofSeconds(15));
        assertThat(TimeRange.last("24h").window(NOW).step()).isEqualTo(Duration.ofMinutes(15));
        assertThat(TimeRange.last("30d").window(NOW).step()).isEqualTo(Duration.ofHours(3));
        assertThat(TimeRange.last("90d").window(NOW).step()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void aBadLinkStillOpensTheLastHourAndSaysWhy() {
        assertThat(TimeRange.parse(Map.of("range", "2y")).problem())
                .contains("unknown range '2y': use one of 15m, 1h, 6h, 24h, 7d, 30d, 90d; showing the last hour");
        assertThat(TimeRange.parse(Map.of("from", "yesterday", "to", "2026-11-08T00:00:00Z")).problem())
                .contains("'yesterday' is not a time like 2026-11-29T10:00:00Z; showing the last hour");
        assertThat(TimeRange.parse(Map.of("from", "2026-11-08T00:00:00Z", "to", "2026-11-01T00:00:00Z")).problem())
                .contains("the range's start 2026-11-08T00:00:00Z is not before its end 2026-11-01T00:00:00Z; showing the last hour");
        assertThat(TimeRange.parse(Map.of("from", "2026-11-08T00:00:00Z")).range()).isEqualTo(TimeRange.DEFAULT);
    }
}
