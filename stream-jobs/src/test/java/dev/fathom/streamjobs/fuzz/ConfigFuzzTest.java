package dev.fathom.streamjobs.fuzz;

import dev.fathom.local.fuzz.FuzzRun;

import dev.fathom.local.fuzz.Mutations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.streamjobs.config.ConfigException;
import dev.fathom.streamjobs.cost.OwnerMapping;
import dev.fathom.streamjobs.cost.PriceCatalogue;
import dev.fathom.streamjobs.slo.OpenSloParser;
import dev.fathom.streamjobs.slo.SloDefinition;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The stream jobs' YAML inputs, mutated from the shipped and documented files and generated: the
 * price catalogue, the owner mapping and OpenSLO documents. Each is read, or refused with a
 * {@link ConfigException} that names the file (and, past the YAML syntax, the field); never
 * another exception, never a hang on alias or nesting bombs.
 */
class ConfigFuzzTest {

    static final List<byte[]> CATALOGUES = List.of(Fixtures.read("fuzz/default-price-catalogue.yaml"),
            Fixtures.read("fuzz/price-catalogue-doc.yaml"));
    static final List<byte[]> OWNERS = List.of(Fixtures.read("fuzz/owners.local.yaml"), Fixtures.read("fuzz/owners-doc.yaml"));
    static final List<byte[]> SLOS = List.of(Fixtures.read("fuzz/slos.local.yaml"), Fixtures.read("fuzz/slo-doc-1.yaml"),
            Fixtures.read("fuzz/slo-doc-2.yaml"));

    static final List<String> YAML_TOKENS = List.of(": ", "\n", "\n  ", "- ", "---\n", "{", "}", "[", "]", "&a ", "*a",
            "!!binary ", "!!str ", "? ", "|\n", ">-\n", "~", "null", "yes", "0o17", "2025-13-45", "2026-02-29T25:61:00Z",
            "'", "\"", "#", "%YAML 1.1\n", "<<: *a\n");
    static final List<String> CATALOGUE_TOKENS = List.of("currency: ", "periods:", "effective_from: ", "gpu_hour:",
            "model: ", "instance_type: ", "gpus: ", "mig_slices: ", "on_demand: ", "reserved: ", "spot: ",
            "storage_gb_month: ", "network_egress_gb: ", "energy_kwh: ", "grid_carbon_gco2e_per_kwh: ", "-1", "0");
    static final List<String> OWNER_TOKENS = List.of("owners:", "match: ", "team: ", "project: ", "cost_centre: ",
            "workload: ", "tier: ", "\"*\"", "\"[\"", "\"(a+)+$\"", "spot", "reserved", "on_demand");
    static final List<String> SLO_TOKENS = List.of("apiVersion: openslo/v1", "kind: SLO", "kind: SLI", "metadata:",
            "name: ", "spec:", "indicator:", "ratioMetric:", "thresholdMetric:", "good:", "bad:", "total:",
            "timeWindow: ", "duration: ", "0d", "99999999999d", "1Q", "isRolling: ", "calendar:", "budgetingMethod: ",
            "Timeslices", "objectives: ", "target: ", "op: ", "value: ", "timeSliceWindow: ", "0m",
            "fathom.dev/burn-rate-alerts: ", "critical:14.4:1h:5m", "x:NaN:0s:0s", "warning:1e400:9999999d:1ms");

    @Property
    void priceCataloguesAreReadOrRefusedNamingTheField(@ForAll("catalogues") byte[] input) {
        FuzzRun.Outcome<PriceCatalogue> outcome = FuzzRun.parse(input,
                () -> PriceCatalogue.parse("fuzz.yaml", FuzzRun.text(input)), ConfigException.class);
        if (outcome.rejected()) {
            assertThat(outcome.rejection().getMessage()).startsWith("fuzz.yaml: ");
        } else {
            assertThat(outcome.value().periods()).isNotEmpty();
        }
    }

    @Property
    void ownerMappingsAreReadOrRefusedNamingTheField(@ForAll("owners") byte[] input) {
        FuzzRun.Outcome<OwnerMapping> outcome = FuzzRun.parse(input,
                () -> OwnerMapping.parse("fuzz.yaml", FuzzRun.text(input)), ConfigException.class);
        if (outcome.rejected()) {
            assertThat(outcome.rejection().getMessage()).startsWith("fuzz.yaml: ");
        }
    }

    @Property
    void openSloDocumentsAreReadOrRefusedNamingTheField(@ForAll("slos") byte[] input) {
        FuzzRun.Outcome<List<SloDefinition>> outcome = FuzzRun.parse(input,
                () -> OpenSloParser.parse("fuzz.yaml", FuzzRun.text(input)), ConfigException.class);
        if (outcome.rejected()) {
            assertThat(outcome.rejection().getMessage()).startsWith("fuzz.yaml: ");
        } else {
            for (SloDefinition slo : outcome.value()) {
                assertThat(slo.name()).isNotBlank();
                assertThat(slo.target()).isStrictlyBetween(0.0, 1.0);
            }
        }
    }

    @Provide
    Arbitrary<byte[]> catalogues() {
        return Mutations.inputs(CATALOGUES, concat(YAML_TOKENS, CATALOGUE_TOKENS), YamlBombs.all());
    }

    @Provide
    Arbitrary<byte[]> owners() {
        return Mutations.inputs(OWNERS, concat(YAML_TOKENS, OWNER_TOKENS), YamlBombs.all());
    }

    @Provide
    Arbitrary<byte[]> slos() {
        return Mutations.inputs(SLOS, concat(YAML_TOKENS, SLO_TOKENS), YamlBombs.all());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
