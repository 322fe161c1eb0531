package dev.fathom.dashboard.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.dashboard.KnownData;
import dev.fathom.dashboard.anomaly.SeriesKey;
import dev.fathom.dashboard.fleet.FleetView;
import dev.fathom.dashboard.fleet.HostUtilization;
import dev.fathom.dashboard.view.UrlParameters;
import dev.fathom.local.fuzz.FuzzRun;
import dev.fathom.local.fuzz.Mutations;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The two view filters with arithmetic in them, on their own and fast enough for 100,000 cases
 * each: the fleet heatmap's {@code hosts=N} page (through {@link FleetView#hostOffset}, what the
 * view calls) and the anomalies view's {@code series=metric|host|id} key. {@link ViewLinksFuzzTest}
 * opens the views themselves.
 */
class ViewFiltersFuzzTest {

    static final List<String> VALUES = ViewLinksFuzzTest.VALUES;

    /** The heatmap's page from hosts=: any text, any number of digits; a page offset or the first/last page with a sentence. */
    @Property
    void anyHostsPageIsAPageOfHostsOrSaysWhy(@ForAll("pageNumbers") String hosts) {
        UrlParameters parameters = new UrlParameters(Map.of("hosts", hosts));
        int offset = FuzzRun.parse(Mutations.utf8(hosts), () -> FleetView.hostOffset(parameters), null).value();
        assertThat(offset % HostUtilization.PAGE_SIZE).isZero();
        assertThat(offset).isBetween(0, (HostUtilization.LAST_PAGE - 1) * HostUtilization.PAGE_SIZE);
        // The pager's "next" offset still fits an int.
        assertThat((long) offset + HostUtilization.PAGE_SIZE).isLessThanOrEqualTo(Integer.MAX_VALUE);
        // The expected page, by another route than the parser's: significant digits compared by length, then as text.
        String significant = hosts.matches("\\+?[0-9]+") ? hosts.substring(hosts.startsWith("+") ? 1 : 0).replaceFirst("^0+", "") : null;
        String last = Integer.toString(HostUtilization.LAST_PAGE);
        boolean plainPage = significant != null && !significant.isEmpty() && (significant.length() < last.length()
                || significant.length() == last.length() && significant.compareTo(last) <= 0);
        if (plainPage) {
            assertThat(offset).isEqualTo((new BigInteger(significant).intValueExact() - 1) * HostUtilization.PAGE_SIZE);
            assertThat(parameters.problems()).isEmpty();
        } else if (!hosts.isEmpty()) {
            assertThat(parameters.problems()).singleElement().asString().startsWith("URL parameter 'hosts' ").hasSizeLessThan(400);
        }
    }

    /** A deep link's series=metric|host|id: read back exactly, or refused (never half-read). */
    @Property
    void anySeriesKeyIsReadBackOrRefused(@ForAll("seriesKeys") String key) {
        var read = FuzzRun.parse(Mutations.utf8(key), () -> SeriesKey.parse(key), null).value();
        int first = key.indexOf('|');
        int last = key.lastIndexOf('|');
        String id = last < 0 ? "" : key.substring(last + 1);
        boolean wellFormed = first >= 0 && first < last && id.matches("[0-9]+") && new BigInteger(id).bitLength() <= 64;
        assertThat(read.isPresent()).as("read as a series").isEqualTo(wellFormed);
        read.ifPresent(series -> {
            assertThat(series.metric() + "|" + series.host()).isEqualTo(key.substring(0, last));
            assertThat(series.metric()).doesNotContain("|");
            assertThat(Long.toUnsignedString(series.seriesId())).isEqualTo(new BigInteger(id).toString());
        });
    }

    @Provide
    Arbitrary<String> pageNumbers() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(1, HostUtilization.LAST_PAGE).map(Object::toString)),
                Tuple.of(3, Arbitraries.bigIntegers().between(BigInteger.valueOf(Long.MIN_VALUE).multiply(BigInteger.TEN),
                        BigInteger.valueOf(Long.MAX_VALUE).multiply(BigInteger.TEN)).map(BigInteger::toString)),
                Tuple.of(2, Arbitraries.of(VALUES)),
                Tuple.of(1, Arbitraries.integers().between(1, 100_000).map("9"::repeat)),
                Tuple.of(1, Arbitraries.integers().between(1, 100_000).map(n -> "0".repeat(n) + "7")),
                Tuple.of(2, Mutations.mutated(List.of(Mutations.utf8("53687093"), Mutations.utf8("2"), Mutations.utf8("+40")),
                        List.of("+", "-", "0", "9", ".", "e")).map(FuzzRun::text)),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(20)));
    }

    @Provide
    Arbitrary<String> seriesKeys() {
        Arbitrary<String> part = Arbitraries.oneOf(Arbitraries.of(VALUES), Arbitraries.strings().ofMaxLength(12));
        Arbitrary<String> id = Arbitraries.oneOf(Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.TWO.pow(65))
                .map(BigInteger::toString), Arbitraries.of(VALUES));
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(30),
                Arbitraries.of(VALUES),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10).flatMap(m -> part.flatMap(h -> id.map(i -> m + "|" + h + "|" + i))),
                Mutations.mutated(List.of(Mutations.utf8("gpu_utilization|node-b|" + KnownData.TEMPERATURE_SERIES)), List.of("|", "0", "-"))
                        .map(FuzzRun::text));
    }

}
