package dev.fathom.cli.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.cli.export.ChargebackCommand;
import org.junit.jupiter.api.Test;

/** What fuzzing the export options found, kept as plain regression tests. */
class FuzzFindingsTest {

    @Test
    void aPeriodPastWhatTheLedgerHoldsIsRefusedNamingItsTimes() {
        // Was accepted and sent to ClickHouse, whose DateTime (the ledger's minute) ends in 2106.
        assertThatThrownBy(() -> ChargebackCommand.request("2026-11-01", "9999-12-31", "team", "day", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("export period").hasMessageContaining("2106-01-01T00:00:00Z");
        assertThatThrownBy(() -> ChargebackCommand.request("1969-12-31", "2026-11-01", "team", "day", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1970-01-01T00:00:00Z");
    }

    @Test
    void theLastDayTheLedgerHoldsCanStillBeExported() {
        assertThat(ChargebackCommand.request("2105-12-31", "2105-12-31", "team", "day", null).to())
                .isEqualTo(java.time.Instant.parse("2106-01-01T00:00:00Z"));
    }
}
