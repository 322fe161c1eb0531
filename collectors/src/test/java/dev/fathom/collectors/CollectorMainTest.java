package dev.fathom.collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CollectorMainTest {

    @Test
    void parsesTheOptionsAnOperatorWouldType() {
        CollectorMain main = new CollectorMain();
        new CommandLine(main).parseArgs("--bootstrap-servers", "kafka-1:9092,kafka-2:9092", "--interval", "5s",
                "--simulate-nodes", "4", "--simulate-gpus-per-node", "8", "--no-host-metrics", "--proc-root", "/host/proc");

        assertThat(main.bootstrapServers).isEqualTo("kafka-1:9092,kafka-2:9092");
        assertThat(main.topic).isEqualTo("otlp_metrics");
        assertThat(main.interval).isEqualTo(Duration.ofSeconds(5));
        assertThat(main.simulateNodes).isEqualTo(4);
        assertThat(main.simulateGpusPerNode).isEqualTo(8);
        assertThat(main.noHostMetrics).isTrue();
        assertThat(main.procRoot).isEqualTo(Path.of("/host/proc"));
    }

    @Test
    void readsDurationsInTheUsualShorthands() {
        CollectorMain.DurationConverter converter = new CollectorMain.DurationConverter();

        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(converter.convert("PT15S")).isEqualTo(Duration.ofSeconds(15));
        assertThatThrownBy(() -> converter.convert("soon")).hasMessageContaining("'soon' is not a duration");
    }
}
