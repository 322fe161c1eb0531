package dev.fathom.dashboard.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.dashboard.time.TimeRange;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shrunk inputs the fuzz tests found, kept as plain regression tests. */
class FuzzFindingsTest {

    /** Rounded up to the hour for cost, this range ended in year 10000: the download's name had a "+". */
    @Test
    void aLinkEndingInYear9999OpensTheDefaultRangeAndSaysWhy() {
        TimeRange.Parsed parsed = TimeRange.parse(Map.of("from", "1970-01-01T00:00:00Z", "to", "9999-12-31T23:15:37Z"));
        assertThat(parsed.range()).isEqualTo(TimeRange.DEFAULT);
        assertThat(parsed.problem()).contains("'9999-12-31T23:15:37Z' is outside the times Fathom stores"
                + " (1970-01-01 to 2106-01-01); showing the last hour");
    }

    /** Instant's own limits: the window's "up to now" (to + 1 s) overflowed. */
    @Test
    void aLinkAtTheEdgeOfTimeOpensTheDefaultRange() {
        TimeRange.Parsed parsed = TimeRange.parse(Map.of("from", "-1000000000-01-01T00:00:00Z",
                "to", "+1000000000-12-31T23:59:59.999999999Z"));
        assertThat(parsed.range()).isEqualTo(TimeRange.DEFAULT);
        assertThat(parsed.problem()).hasValueSatisfying(p -> assertThat(p).contains("is outside the times Fathom stores"));
    }
}
