package dev.fathom.cli.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.cli.export.ChargebackCommand;
import dev.fathom.local.fuzz.FuzzRun;
import dev.fathom.local.fuzz.Mutations;
import dev.fathom.storage.chargeback.ChargebackRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The chargeback export's options as `fathom export chargeback` reads them: any --from, --to,
 * --group-by, --granularity and --team give an export within the times the ledger holds, or a
 * refusal that names what is wrong; never another exception, never a hang.
 */
class ExportOptionsFuzzTest {

    private static final List<String> GOOD = List.of("2026-11-01", "2026-11-30", "2026-11-01T06:00:00Z", "1970-01-01",
            "2105-12-31", "2106-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "9999-12-31", "0000-01-01", "+999999999-12-31T23:59:59Z");
    private static final List<String> TOKENS = List.of("-", "T", "Z", ":", ".", "+", "2026", "11", "31", "00", "60", "24",
            "-1", "0001", "99999", "1e9", " ", "team", "project", "cost-centre", "resource", "hour", "day", "month");

    @Provide
    Arbitrary<String> value() {
        List<byte[]> fixtures = GOOD.stream().map(Mutations::utf8).toList();
        Arbitrary<String> mutated = Mutations.inputs(fixtures, TOKENS, List.of(Mutations.utf8(""), Mutations.utf8("9".repeat(100_000))))
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.of(GOOD)),
                net.jqwik.api.Tuple.of(6, mutated),
                net.jqwik.api.Tuple.of(1, Arbitraries.strings().ofMaxLength(40)));
    }

    @Property
    void anyOptionsGiveAnExportWithinTheLedgerOrARefusalNamingTheProblem(@ForAll("value") String from, @ForAll("value") String to,
            @ForAll("value") String groupBy, @ForAll("value") String granularity, @ForAll("value") String team) {
        byte[] shown = String.join(" | ", from, to, groupBy, granularity, team).getBytes(StandardCharsets.UTF_8);
        FuzzRun.Outcome<ChargebackRequest> outcome = FuzzRun.parse(shown,
                () -> ChargebackCommand.request(from, to, groupBy, granularity, team), IllegalArgumentException.class);
        if (outcome.rejected()) {
            assertThat(outcome.rejection().getMessage())
                    .as("refusal of %s", FuzzRun.show(shown))
                    .containsAnyOf("--from", "--to", "group-by", "granularity", "export period")
                    .hasSizeLessThan(2_000 + from.length() + to.length() + groupBy.length() + granularity.length());
            return;
        }
        ChargebackRequest r = outcome.value();
        assertThat(r.from()).isBefore(r.to());
        assertThat(r.from()).isAfterOrEqualTo(ChargebackRequest.EARLIEST);
        assertThat(r.to()).isBeforeOrEqualTo(ChargebackRequest.LATEST);
        if (from.trim().length() == 10) {
            assertThat(r.from().toString()).as("a day starts at midnight UTC").endsWith("T00:00:00Z");
        }
    }

    @Property(tries = 200)
    void aWholeDayRunsToTheNextMidnight(@ForAll("day") String day) {
        ChargebackRequest r = ChargebackCommand.request(day, day, "team", "day", null);
        assertThat(r.from()).isEqualTo(Instant.parse(day + "T00:00:00Z"));
        assertThat(r.to()).isEqualTo(r.from().plusSeconds(86_400));
    }

    @Provide
    Arbitrary<String> day() {
        return Arbitraries.longs().between(0, 49_000).map(d -> java.time.LocalDate.ofEpochDay(d).toString());
    }
}
