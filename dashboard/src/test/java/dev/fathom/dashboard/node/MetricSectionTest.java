package dev.fathom.dashboard.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.model.MetricNames;
import org.junit.jupiter.api.Test;

/** Which of the collectors' metrics the node page draws as rates. */
class MetricSectionTest {

    @Test
    void hostCountersAreRatesAndTheirGaugesAndDerivedSeriesAreNot() {
        assertThat(MetricSection.isCounter(MetricNames.NETWORK_IO)).isTrue();
        assertThat(MetricSection.isCounter(MetricNames.DISK_OPERATIONS)).isTrue();
        assertThat(MetricSection.isCounter(MetricNames.INFINIBAND_IO)).isTrue();
        assertThat(MetricSection.isCounter(MetricNames.NETWORK_LINK_SPEED)).isFalse();
        assertThat(MetricSection.isCounter(MetricNames.DISK_PENDING_OPERATIONS)).isFalse();
        assertThat(MetricSection.isCounter(MetricNames.NETWORK_IO + MetricNames.RATE_SUFFIX)).isFalse();
        assertThat(MetricSection.isCounter(MetricNames.GPU_THROTTLE_ACTIVE)).isFalse();
        assertThat(MetricSection.of(MetricNames.INFINIBAND_IO)).isEqualTo(MetricSection.INFINIBAND);
        assertThat(MetricSection.of(MetricNames.FILESYSTEM_USAGE)).isEqualTo(MetricSection.FILESYSTEM);
    }
}
