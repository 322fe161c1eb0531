package dev.fathom.collectors.gpu.nvidiasmi;

import static dev.fathom.collectors.gpu.nvidiasmi.Fixtures.find;
import static dev.fathom.collectors.gpu.nvidiasmi.Fixtures.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fathom.collectors.reading.Reading;
import dev.fathom.model.MetricNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The child-process source against a fake nvidia-smi that replays a real H100 capture: the first
 * query child prints the "load" row twice and dies with "GPU is lost"; the restarted one prints
 * the "idle" row. The -q -x runs serve the real A100 MIG document.
 */
class NvidiaSmiSourceTest {

    private static final double MIB = 1024.0 * 1024.0;

    @Test
    void replaysTheCaptureRestartsTheDeadChildAndAddsXmlOnlySeries(@TempDir Path dir) {
        Path fake = Fixtures.resource("fake-nvidia-smi/nvidia-smi");
        Path capture = Fixtures.resource("nvidia-smi-captures/internal/captures/linux-x86_64__nvidia-h100-80gb-hbm3__590.48.01.txt");
        Path xml = Fixtures.resource("nvidia-smi-xml/a100-sxm4-v12.xml");
        List<String> command = List.of("env", "FAKE_CAPTURE=" + capture, "FAKE_XML=" + xml,
                "FAKE_RUNS=" + dir.resolve("runs"), "bash", fake.toString());

        try (NvidiaSmiSource source = NvidiaSmiSource.builder()
                .command(command)
                .loopInterval(Duration.ofMillis(200))
                .xmlInterval(Duration.ofSeconds(1))
                .restartBackoff(Duration.ofMillis(300), Duration.ofSeconds(2))
                .build()
                .start()) {
            // Every field asked for is one the capture's --help-query-gpu lists.
            assertThat(source.fields()).contains("memory.used", "power.draw", "clocks_event_reasons.sw_power_cap")
                    .doesNotContain("clocks_throttle_reasons.sw_power_cap");

            // First child: the load row (631.95 W, 19818 MiB), until it dies.
            await().atMost(Duration.ofSeconds(20)).until(() -> source.restarts() >= 1 && source.rowsRead() >= 2);
            // Restarted child: the idle row of the same capture.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                List<Reading> readings = source.read();
                assertThat(value(readings, MetricNames.GPU_POWER_DRAW, "gpu.model", "NVIDIA H100 80GB HBM3")).isEqualTo(69.85);
                assertThat(value(readings, MetricNames.GPU_MEMORY_TOTAL, "gpu.model", "NVIDIA H100 80GB HBM3"))
                        .isEqualTo(81559 * MIB);
                // From -q -x: the MIG instances of the A100 document.
                assertThat(find(readings, MetricNames.GPU_MEMORY_USED, "gpu.model", "NVIDIA A100-SXM4-80GB").stream()
                        .filter(r -> r.attributes().get(GpuAttributes.MIG_INSTANCE) != null)).hasSize(4);
            });
            assertThat(source.parseErrors()).isZero();
        }
    }

    @Test
    void aMissingExecutableIsRetriedAndReportsNothing(@TempDir Path dir) throws Exception {
        try (NvidiaSmiSource source = NvidiaSmiSource.builder()
                .command(List.of(dir.resolve("no-such-nvidia-smi").toString()))
                .xmlInterval(Duration.ZERO)
                .restartBackoff(Duration.ofMillis(100), Duration.ofMillis(200))
                .build()
                .start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> source.restarts() >= 3);
            assertThat(source.read()).isEmpty();
        }
    }
}
