package dev.fathom.streamjobs.fuzz;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.fathom.streamjobs.config.ConfigException;
import dev.fathom.streamjobs.cost.PriceCatalogue;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The shrunk inputs the fuzz tests found, kept as plain regression tests. */
class FuzzFindingsTest {

    private static String catalogue(String gpus, String onDemand) {
        return """
                currency: USD
                periods:
                  - effective_from: 2025-01-01
                    gpu_hour:
                      - model: default
                        gpus: %s
                        on_demand: %s
                """.formatted(gpus, onDemand);
    }

    /** {@code longValueExact} threw ArithmeticException ("Overflow") out of the parser. */
    @Test
    void aGpuCountBeyondAnIntIsRefusedNamingTheField() {
        assertThatThrownBy(() -> PriceCatalogue.parse("fuzz.yaml", catalogue("1e30", "2.00")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("fuzz.yaml: periods[0].gpu_hour[0].gpus: expected a whole number from 1 to 2147483647, got 1");
    }

    /** Printing 1e-999999999 as a plain decimal builds a billion digits (quoted: YAML would read it as 0.0). */
    @Test
    void aPriceWithAHugeExponentIsRefusedAtOnce() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertThatThrownBy(() -> PriceCatalogue.parse("fuzz.yaml", catalogue("1", "'1e-999999999'")))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("fuzz.yaml: periods[0].gpu_hour[0].on_demand: a price must be at most 1000000000");
            assertThatThrownBy(() -> PriceCatalogue.parse("fuzz.yaml", catalogue("1", "'-1e999999999'")))
                    .isInstanceOf(ConfigException.class)
                    .hasMessage("fuzz.yaml: periods[0].gpu_hour[0].on_demand: a price cannot be negative, got -1E+999999999");
        });
    }
}
