package dev.fathom.streamjobs.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fathom.streamjobs.config.ConfigException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PriceCatalogueTest {

    @Test
    void theShippedCatalogueLoadsAndPricesByModelInstanceTypeAndDefault() {
        PriceCatalogue catalogue = PriceCatalogue.defaults();
        Instant t = Instant.parse("2025-06-01T00:00:00Z");
        assertThat(catalogue.currency()).isEqualTo("USD");
        assertThat(catalogue.gpu(t, "NVIDIA H100 80GB HBM3", "").perGpuHour(PriceCatalogue.Tier.SPOT)).isEqualByComparingTo("2.25");
        assertThat(catalogue.gpu(t, "NVIDIA A100-SXM4-80GB", "p4d.24xlarge").perGpuHour(PriceCatalogue.Tier.ON_DEMAND))
                .isEqualByComparingTo("4.096575");
        assertThat(catalogue.gpu(t, "Tesla T4", "").model()).isEqualTo("default");
    }

    @Test
    void errorsNameTheFileAndTheField() {
        assertThatThrownBy(() -> PriceCatalogue.parse("prices.yaml", """
                currency: USD
                periods:
                  - effective_from: 2025-01-01
                    gpu_hour:
                      - {model: default, on_demand: cheap}
                """)).isInstanceOf(ConfigException.class)
                .hasMessage("prices.yaml: periods[0].gpu_hour[0].on_demand: expected a decimal number, got 'cheap'");
        assertThatThrownBy(() -> PriceCatalogue.parse("prices.yaml", """
                currency: usd
                periods: []
                """)).hasMessageContaining("prices.yaml: currency: expected an ISO 4217 currency code");
        assertThatThrownBy(() -> PriceCatalogue.parse("prices.yaml", """
                currency: USD
                periods:
                  - effective_from: 2025-01-01
                    gpu_hour: [{model: H100, on_demand: 1}]
                    energy_kwh: -0.1
                """)).hasMessageContaining("periods[0].gpu_hour: needs an entry with model: default");
        assertThatThrownBy(() -> PriceCatalogue.parse("prices.yaml", """
                currency: USD
                periods:
                  - effective_from: 2025-01-01
                    gpu_hours: []
                """)).hasMessageContaining("periods[0].gpu_hours: unknown field");
        assertThatThrownBy(() -> PriceCatalogue.parse("prices.yaml", "currency: [")).hasMessageStartingWith("prices.yaml: not valid YAML");
    }

    @Test
    void ownerRulesMatchByGlobAndLabelsWin() {
        OwnerMapping owners = OwnerMapping.parse("owners.yaml", """
                owners:
                  - {match: {namespace: "team-a-*"}, team: a}
                  - {match: {host: "gpu-?", cluster: prod}, team: infra, tier: spot}
                """);
        assertThat(owners.workloadOwner(Map.of("k8s.namespace.name", "team-a-dev")).team()).isEqualTo("a");
        assertThat(owners.workloadOwner(Map.of("k8s.namespace.name", "team-a-dev", "team", "z")).team()).isEqualTo("z");
        assertThat(owners.hardwareOwner(Map.of("host.name", "gpu-1", "cluster", "prod")).team()).isEqualTo("infra");
        assertThat(owners.hardwareOwner(Map.of("host.name", "gpu-10", "cluster", "prod")).isKnown()).isFalse();
        assertThat(owners.tier(Map.of("host.name", "gpu-1", "cluster", "prod"))).isEqualTo(PriceCatalogue.Tier.SPOT);
        assertThatThrownBy(() -> OwnerMapping.parse("owners.yaml", "owners: [{match: {rack: r1}, team: a}]"))
                .hasMessageContaining("owners.yaml: owners[0].match: unknown key 'rack'");
    }
}
