package dev.fathom.deploy.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fathom.alerts.cli.AlertsMain;
import dev.fathom.alerts.config.AlertsConfig;
import dev.fathom.alerts.config.ConfigLoader;
import dev.fathom.collectors.cli.CollectCommand;
import dev.fathom.collectors.config.CollectorConfigLoader;
import dev.fathom.collectors.receiver.OtlpReceiverCommand;
import dev.fathom.streamjobs.points.PointsJobConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import picocli.CommandLine;

/**
 * What the manifests hand to Fathom's own code is read by that code: the configs in ConfigMaps
 * load with their loaders, the containers' command lines parse with the real picocli commands,
 * the Flink job's arguments parse with PointsJobConfig.
 */
class ConfigsAndCommandsTest {

    static final List<String> DEPLOYABLE = Rendered.DEPLOYABLE;

    @ParameterizedTest
    @FieldSource("DEPLOYABLE")
    void theCollectorConfigLoadsWithTheCollectorsLoader(String dir) throws Exception {
        Rendered r = Rendered.of(dir);
        String yaml = r.get("ConfigMap", "fathom-collector-config").at("/data/collector.yaml").asText();
        var config = CollectorConfigLoader.parse(yaml, dir + " ConfigMap fathom-collector-config");
        assertThat(config).isNotNull();
        assertThat(yaml).contains("directory: /var/lib/fathom/spool");
        JsonNode collector = container(r.get("DaemonSet", "fathom-collector"), "collector");
        assertThat(collector.path("volumeMounts").findValuesAsText("mountPath")).contains("/var/lib/fathom/spool", "/host/proc", "/host/sys");
    }

    @ParameterizedTest
    @FieldSource("DEPLOYABLE")
    void theAlertsConfigLoadsWithOnlyTheEnvironmentItsSecretGives(String dir, @TempDir Path work) throws Exception {
        Rendered r = Rendered.of(dir);
        Path file = work.resolve("alerts.yaml");
        Files.writeString(file, r.get("ConfigMap", "fathom-alerts-config").at("/data/alerts.yaml").asText());
        Map<String, String> env = new HashMap<>();
        r.get("Secret", "fathom-alerts-secrets").path("stringData").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        AlertsConfig config = ConfigLoader.load(file, env);
        assertThat(config).isNotNull();
        JsonNode alerts = container(r.get("Deployment", "fathom-alerts"), "alerts");
        assertThat(alerts.path("envFrom").findValuesAsText("name")).contains("fathom-alerts-secrets");
    }

    @ParameterizedTest
    @FieldSource("DEPLOYABLE")
    void containerCommandLinesParseWithTheRealCommands(String dir) {
        Rendered r = Rendered.of(dir);
        List<String> collect = args(container(r.get("DaemonSet", "fathom-collector"), "collector"));
        assertThat(collect.get(0)).isEqualTo("collect");
        new CommandLine(new CollectCommand()).parseArgs(collect.subList(1, collect.size()).toArray(String[]::new));

        List<String> alerts = args(container(r.get("Deployment", "fathom-alerts"), "alerts"));
        assertThat(alerts.get(0)).isEqualTo("alerts");
        new CommandLine(new AlertsMain()).parseArgs(alerts.subList(1, alerts.size()).toArray(String[]::new));
        assertThat(alerts).contains("/etc/fathom/alerts/alerts.yaml");

        List<String> receiver = args(container(r.get("Deployment", "fathom-otlp-receiver"), "receiver"));
        assertThat(receiver.get(0)).isEqualTo("otlp-receiver");
        new CommandLine(new OtlpReceiverCommand()).parseArgs(receiver.subList(1, receiver.size()).toArray(String[]::new));
    }

    @ParameterizedTest
    @FieldSource("DEPLOYABLE")
    void theFlinkJobsArgumentsParseWithPointsJobConfig(String dir) throws Exception {
        Rendered r = Rendered.of(dir);
        JsonNode job = r.get("FlinkDeployment", "fathom-points").at("/spec/job");
        List<String> args = new ArrayList<>();
        job.path("args").forEach(a -> args.add(a.asText()));
        PointsJobConfig config = PointsJobConfig.fromArgs(args.toArray(String[]::new));
        assertThat(config.migrate()).as("the schema Job applies the cluster schema, not the job").isFalse();
        assertThat(config.clickhouseUrl()).isEqualTo("http://clickhouse-fathom:8123");
        assertThat(config.groupId()).isEqualTo("fathom-points");
        assertThat(config.ownersFile()).startsWith("/etc/fathom/stream-jobs/");
        assertThat(r.get("ConfigMap", "fathom-stream-jobs-config").path("data").has(Path.of(config.ownersFile()).getFileName().toString())).isTrue();
        assertThat(Class.forName(job.path("entryClass").asText(), false, getClass().getClassLoader())).isNotNull();
        assertThat(job.path("upgradeMode").asText()).isEqualTo("savepoint");
        ObjectNode flink = (ObjectNode) r.get("FlinkDeployment", "fathom-points").at("/spec/flinkConfiguration");
        assertThat(flink.path("state.backend.type").asText()).isEqualTo("rocksdb");
        assertThat(flink.path("execution.checkpointing.dir").asText()).startsWith("s3://");
        assertThat(flink.path("execution.checkpointing.savepoint-dir").asText()).startsWith("s3://");
        assertThat(job.path("parallelism").asInt()).isPositive()
                .isLessThanOrEqualTo(r.get("KafkaTopic", "otlp-metrics").at("/spec/partitions").asInt());
    }

    static JsonNode container(ObjectNode workload, String name) {
        for (JsonNode container : workload.at("/spec/template/spec/containers")) {
            if (container.path("name").asText().equals(name)) {
                return container;
            }
        }
        throw new AssertionError(workload.at("/metadata/name").asText() + " has no container " + name);
    }

    static List<String> args(JsonNode container) {
        List<String> args = new ArrayList<>();
        container.path("args").forEach(a -> args.add(a.asText()));
        return args;
    }
}
