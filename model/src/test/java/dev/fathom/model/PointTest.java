package dev.fathom.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PointTest {

    @Test
    void seriesIdDependsOnMetricAndLabelsNotOnValueOrTime() {
        Point a = new Point("gpu.utilization", 1_000, 0.5, "1", new TreeMap<>(Map.of("gpu.index", "0", "host.name", "n1")));
        Point b = new Point("gpu.utilization", 2_000, 0.9, "1", new TreeMap<>(Map.of("host.name", "n1", "gpu.index", "0")));
        Point otherGpu = new Point("gpu.utilization", 1_000, 0.5, "1", new TreeMap<>(Map.of("gpu.index", "1", "host.name", "n1")));
        Point otherMetric = new Point("gpu.temperature", 1_000, 0.5, "1", new TreeMap<>(Map.of("gpu.index", "0", "host.name", "n1")));

        assertThat(a.seriesId()).isEqualTo(b.seriesId());
        assertThat(a.seriesId()).isNotEqualTo(otherGpu.seriesId()).isNotEqualTo(otherMetric.seriesId());
    }

    @Test
    void labelBoundariesMatter() {
        Point ab = new Point("m", 0, 0, "", new TreeMap<>(Map.of("ab", "c")));
        Point a = new Point("m", 0, 0, "", new TreeMap<>(Map.of("a", "bc")));
        assertThat(ab.seriesId()).isNotEqualTo(a.seriesId());
    }

    @Test
    void missingLabelReadsAsEmpty() {
        Point p = new Point("m", 0, 0, null, null);
        assertThat(p.label("host.name")).isEmpty();
        assertThat(p.unit()).isEmpty();
    }
}
