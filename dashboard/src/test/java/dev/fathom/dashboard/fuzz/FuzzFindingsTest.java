package dev.fathom.dashboard.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.flow.router.QueryParameters;
import dev.fathom.dashboard.anomaly.SeriesKey;
import dev.fathom.dashboard.fleet.FleetView;
import dev.fathom.dashboard.fleet.HostUtilization;
import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.dashboard.view.UrlParameters;
import java.util.List;
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

    /** hosts=53687093: (N - 1) * 40 overflowed to -2147483616, which storage's page check threw on. */
    @Test
    void aHostsPageWhoseOffsetOverflowedAnIntIsTheLastPage() {
        for (String hosts : List.of("53687093", "53687091", "2147483647", "99999999999999999999")) {
            UrlParameters parameters = new UrlParameters(Map.of("hosts", hosts));
            assertThat(FleetView.hostOffset(parameters)).as(hosts).isEqualTo((HostUtilization.LAST_PAGE - 1) * HostUtilization.PAGE_SIZE);
            assertThat(parameters.summary()).hasValueSatisfying(p -> assertThat(p).contains("'hosts'").contains("past the last page"));
        }
        // The last page's offset and the pager's "next" offset still fit an int.
        assertThat((long) (HostUtilization.LAST_PAGE - 1) * HostUtilization.PAGE_SIZE + 2 * HostUtilization.PAGE_SIZE)
                .isLessThanOrEqualTo(Integer.MAX_VALUE);
        UrlParameters exact = new UrlParameters(Map.of("hosts", Integer.toString(HostUtilization.LAST_PAGE)));
        assertThat(FleetView.hostOffset(exact)).isEqualTo((HostUtilization.LAST_PAGE - 1) * HostUtilization.PAGE_SIZE);
        assertThat(exact.problems()).isEmpty();
    }

    /** hosts=-3, hosts=0 and hosts=x opened the first page without a word; now they say why. */
    @Test
    void aHostsPageThatIsNoPageNumberOpensTheFirstPageAndSaysWhy() {
        for (String hosts : List.of("-3", "0", "x", "1.5", "١٢", "0x10")) {
            UrlParameters parameters = new UrlParameters(Map.of("hosts", hosts));
            assertThat(FleetView.hostOffset(parameters)).as(hosts).isZero();
            assertThat(parameters.summary()).hasValue("URL parameter 'hosts' must be a page number from 1, not '" + hosts
                    + "'; showing the first page.");
        }
    }

    /** minScore=0.7, by=teams, kind=host and refresh=5s were dropped without a word. */
    @Test
    void anUnknownChoiceIsNamedWithTheChoices() {
        UrlParameters parameters = new UrlParameters(Map.of("minScore", "0.7"));
        assertThat(parameters.choice("minScore", List.of("0", "0.5"), "0")).isEqualTo("0");
        assertThat(parameters.problems()).containsExactly("URL parameter 'minScore' must be one of 0, 0.5, not '0.7'; using 0.");
    }

    /** A 100,000-character host went into the SQL and past ClickHouse's query size: now refused up front. */
    @Test
    void aFilterLongerThanAnyNameIsRefusedNamingTheParameter() {
        UrlParameters parameters = new UrlParameters(Map.of("host", "h".repeat(100_000)));
        assertThat(parameters.text("host")).isEmpty();
        assertThat(parameters.problems()).containsExactly(
                "URL parameter 'host' is 100,000 characters long, more than the 256 a filter takes; ignored.");
    }

    /** ?team=a&team=b used the first silently; the message repeats at most 40 characters of a value. */
    @Test
    void aRepeatedParameterUsesTheFirstValueAndSaysSo() {
        UrlParameters parameters = UrlParameters.of(QueryParameters.fromString("team=ml&team=cv&host=a&host=a&x=" + "y".repeat(50)));
        assertThat(parameters.text("team")).isEqualTo("ml");
        assertThat(parameters.problems()).containsExactly("URL parameter 'team' is given 2 times; using the first, 'ml'.");
        assertThat(UrlParameters.quoted("y".repeat(50) + "\u0000")).isEqualTo("'" + "y".repeat(40) + "…'");
        assertThat(UrlParameters.quoted("a\u0000\ud800")).isEqualTo("'a\\u0000\\ud800'");
    }

    /** series=m|h|18446744073709551616 (65 bits) and series=m|h|+1 were read as a series; a host with a bar was not. */
    @Test
    void aSeriesKeyIsMetricHostAndAnUnsigned64BitId() {
        assertThat(SeriesKey.parse("m|h|18446744073709551615")).hasValue(new SeriesKey("m", "h", -1L));
        assertThat(SeriesKey.parse("m|rack|7|42")).hasValue(new SeriesKey("m", "rack|7", 42L));
        for (String bad : List.of("m|h|18446744073709551616", "m|h|+1", "m|h|", "m|h", "", "|", "||", "m|h|-1")) {
            assertThat(SeriesKey.parse(bad)).as(bad).isEmpty();
        }
    }
}
