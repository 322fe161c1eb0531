package dev.fathom.collectors.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;
import org.junit.jupiter.api.Test;

class ResourceKeyTest {

    @Test
    void dependsOnTheAttributesNotTheirOrder() {
        Resource one = Resource.create(Attributes.builder().put("host.name", "sim-node-01").put("cluster", "sim").build());
        Resource same = Resource.create(Attributes.builder().put("cluster", "sim").put("host.name", "sim-node-01").build());
        Resource other = Resource.create(Attributes.builder().put("host.name", "sim-node-02").put("cluster", "sim").build());

        assertThat(ResourceKey.of(one)).hasSize(16).isEqualTo(ResourceKey.of(same)).isNotEqualTo(ResourceKey.of(other));
    }

    @Test
    void isTheSameInEveryRun() {
        Resource resource = Resource.create(Attributes.builder().put("host.name", "sim-node-01").put("cluster", "sim").build());

        // SHA-256 of "cluster\0sim\0host.name\0sim-node-01\0", first 16 bytes: pinned so a change is noticed.
        assertThat(java.util.HexFormat.of().formatHex(ResourceKey.of(resource))).isEqualTo(PINNED);
    }

    private static final String PINNED = "e71a79055177be18b3b9688b0f0c6871";
}
