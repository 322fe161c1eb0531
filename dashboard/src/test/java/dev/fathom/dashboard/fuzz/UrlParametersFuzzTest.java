package dev.fathom.dashboard.fuzz;

import dev.fathom.local.fuzz.FuzzRun;

import dev.fathom.local.fuzz.Mutations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.dashboard.cost.ChargebackExport;
import dev.fathom.dashboard.cost.CostGrouping;
import dev.fathom.dashboard.cost.FocusChargebackExport;
import dev.fathom.dashboard.time.TimeRange;
import dev.fathom.dashboard.view.RangeBar;
import dev.fathom.storage.chargeback.BillingIdentity;
import dev.fathom.storage.chargeback.ChargebackExporter;
import dev.fathom.storage.chargeback.ChargebackRequest;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The dashboard's URL parameters as every view reads them on navigation (range, from, to, refresh:
 * {@link TimeRange#parse} then the range picker and the window the view loads), and the cost view's
 * CSV download parameters (by, team: the download's request and file name), on generated and
 * mutated parameter maps; and the chargeback export's group-by and granularity spellings. A link
 * that cannot be used opens the default range with a sentence saying why; nothing throws.
 */
class UrlParametersFuzzTest {

    static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    static final List<String> KEYS = List.of("range", "from", "to", "refresh", "by", "team", "hosts", "minScore",
            "kind", "name", "host", "model", "series", "slo", "feature", "chartModel", "metric", "x");
    static final List<String> VALUES = List.of("15m", "1h", "6h", "24h", "7d", "30d", "90d", "1y", "", " ", "off",
            "10s", "30s", "1m", "team", "project", "cost_centre", "resource", "2026-11-29T10:00:00Z",
            "2026-11-29T10:00:00.123456789Z", "2026-11-29T10:00:00+01:00", "2026-02-30T00:00:00Z",
            "+1000000000-12-31T23:59:59.999999999Z", "-1000000000-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z",
            "-999999999-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "2026-11-29", "now-1h",
            "2147483647", "-2147483648", "99999999999999999999", "NaN", "../../etc/passwd", "=cmd|' /C calc'!A0",
            "\u0000", "\ud800", "é", "<script>", "%00", "a".repeat(5000));

    private static final FocusChargebackExport EXPORT = new FocusChargebackExport(
            new ChargebackExporter(new ClickHouseHttp("http://127.0.0.1:9", "fathom"), BillingIdentity.DEFAULT));

    /** One picker for every case (all on FuzzRun's one worker thread): building one costs more than a case. */
    private static final RangeBar RANGE_BAR = new RangeBar(() -> { });

    @Property
    void anyLinkOpensARangeOrSaysWhyNot(@ForAll("parameters") Map<String, String> parameters) {
        open(parameters);
    }

    /** Links with both ends of an absolute range: any instant Java can parse, and the instants' edges. */
    @Property
    void anyAbsoluteRangeOpensOrSaysWhyNot(@ForAll("instants") String from, @ForAll("instants") String to,
            @ForAll("values") String by, @ForAll("values") String team) {
        open(Map.of("from", from, "to", to, "by", by, "team", team));
    }

    private static void open(Map<String, String> parameters) {
        byte[] shown = Mutations.utf8(parameters.toString());
        FuzzRun.parse(shown, () -> {
            TimeRange.Parsed parsed = TimeRange.parse(parameters);
            parsed.problem().ifPresent(problem -> assertThat(problem).isNotBlank().endsWith("showing the last hour"));
            TimeRange range = parsed.range();
            RANGE_BAR.show(range, parameters.getOrDefault("refresh", "off"));
            TimeRange.Window window = range.window(NOW);
            assertThat(window.from()).isBefore(window.to());
            window.previous();
            window.closed();
            window.halfOpen();
            assertThat(window.step()).isPositive();
            assertThat(range.label()).isNotBlank();
            // The URL the view writes back opens the same range.
            assertThat(TimeRange.parse(range.toParameters())).isEqualTo(new TimeRange.Parsed(range, Optional.empty()));

            // The cost view's download of this link.
            TimeRange.Window costWindow = window.forCost();
            CostGrouping grouping = CostGrouping.fromParameter(parameters.get("by")).orElse(CostGrouping.TEAM);
            Optional<String> team = Optional.ofNullable(parameters.get("team")).filter(t -> !t.isEmpty());
            ChargebackExport.Request request = new ChargebackExport.Request(costWindow, grouping, team, "fuzz");
            assertThat(EXPORT.fileName(request)).matches("[A-Za-z0-9_.-]+\\.csv");
            new ChargebackRequest(costWindow.from(), costWindow.to(), ChargebackRequest.GroupBy.valueOf(grouping.name()),
                    ChargebackRequest.Granularity.HOUR, team);
            return null;
        }, null);
    }

    @Property
    void exportGroupingAndGranularityAreReadOrRefusedNamingTheText(@ForAll("spellings") String text) {
        FuzzRun.Outcome<ChargebackRequest.GroupBy> groupBy = FuzzRun.parse(Mutations.utf8(text),
                () -> ChargebackRequest.GroupBy.parse(text), IllegalArgumentException.class);
        if (groupBy.rejected()) {
            assertThat(groupBy.rejection().getMessage()).contains("'" + text + "'");
        }
        FuzzRun.Outcome<ChargebackRequest.Granularity> granularity = FuzzRun.parse(Mutations.utf8(text),
                () -> ChargebackRequest.Granularity.parse(text), IllegalArgumentException.class);
        if (granularity.rejected()) {
            assertThat(granularity.rejection().getMessage()).contains("'" + text + "'");
        }
    }

    @Provide
    Arbitrary<String> instants() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond())
                        .map(s -> Instant.ofEpochSecond(s).toString())),
                net.jqwik.api.Tuple.of(4, Arbitraries.longs().between(-1L << 40, 1L << 40).map(s -> Instant.ofEpochSecond(s).toString())),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(VALUES)));
    }

    @Provide
    Arbitrary<String> values() {
        return Arbitraries.of(VALUES);
    }

    @Provide
    Arbitrary<Map<String, String>> parameters() {
        Arbitrary<String> values = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.of(VALUES)),
                net.jqwik.api.Tuple.of(2, Mutations.mutated(VALUES.stream().map(Mutations::utf8).toList(), List.of(":", "-", "T", "Z", "."))
                        .map(FuzzRun::text)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(40)));
        Arbitrary<String> keys = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, Arbitraries.of(KEYS)),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(10)));
        return Arbitraries.maps(keys, values).ofMaxSize(6);
    }

    @Provide
    Arbitrary<String> spellings() {
        return Arbitraries.oneOf(Arbitraries.of("team", "project", "cost-centre", "COST_CENTRE", " resource ", "hour", "DAY",
                "month", "", " ", "teams", "cost centre"), Arbitraries.strings().ofMaxLength(30),
                Mutations.mutated(List.of(Mutations.utf8("cost-centre"), Mutations.utf8("month")), List.of("-", "_", " "))
                        .map(FuzzRun::text));
    }
}
