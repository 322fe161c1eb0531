package dev.fathom.deploy.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Every YAML file parses, every object is complete, every kustomization renders. */
class ManifestFilesTest {

    static final List<String> DEPLOYABLE = Rendered.DEPLOYABLE;

    static List<Path> yamlFiles() throws IOException {
        try (Stream<Path> files = Files.walk(Rendered.ROOT)) {
            return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .filter(p -> !Rendered.ROOT.relativize(p).startsWith("src") && !Rendered.ROOT.relativize(p).startsWith("target"))
                    .sorted().toList();
        }
    }

    @Test
    void everyManifestParsesAndEveryObjectHasApiVersionKindAndName() throws IOException {
        List<Path> files = yamlFiles();
        assertThat(files).hasSizeGreaterThan(15);
        int objects = 0;
        for (Path file : files) {
            List<ObjectNode> docs = Kustomize.documents(file);
            assertThat(docs).as(file.toString()).isNotEmpty();
            for (ObjectNode doc : docs) {
                assertThat(doc.path("apiVersion").asText()).as(file + ": apiVersion").isNotBlank();
                assertThat(doc.path("kind").asText()).as(file + ": kind").isNotBlank();
                if (!file.getFileName().toString().equals("kustomization.yaml")) {
                    assertThat(doc.path("metadata").path("name").asText()).as(file + ": metadata.name").matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
                    objects++;
                }
            }
        }
        assertThat(objects).isGreaterThan(40);
    }

    @ParameterizedTest
    @FieldSource("DEPLOYABLE")
    void everyKustomizationRendersWithoutDuplicates(String dir) {
        Rendered rendered = Rendered.of(dir);
        assertThat(rendered.objects().stream().map(o -> o.path("kind").asText() + "/" + o.path("metadata").path("name").asText()))
                .doesNotHaveDuplicates()
                .contains("Kafka/fathom-kafka", "ClickHouseInstallation/fathom", "FlinkDeployment/fathom-points", "DaemonSet/fathom-collector",
                        "Deployment/fathom-alerts", "Deployment/fathom-dashboard", "Job/fathom-clickhouse-schema");
        assertThat(rendered.objects()).allSatisfy(o -> {
            if (!o.path("kind").asText().equals("Namespace")) {
                assertThat(o.path("metadata").path("namespace").asText()).isEqualTo("fathom");
            }
        });
    }

    @Test
    void aPatchWhoseTargetOrPathIsMissingIsAnError(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("bad"));
        Files.writeString(dir.resolve("bad/kustomization.yaml"), """
                resources: [%s]
                patches:
                  - target: {kind: FlinkDeployment, name: fathom-points}
                    patch: |-
                      - {op: replace, path: /spec/job/paralelism, value: 3}
                """.formatted(Rendered.ROOT.resolve("base")));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Kustomize.build(dir.resolve("bad")))
                .hasMessageContaining("replace of /spec/job/paralelism, which does not exist");
        Files.writeString(dir.resolve("bad/kustomization.yaml"), """
                resources: [%s]
                patches:
                  - target: {kind: Deployment, name: fathom-dashbord}
                    patch: |-
                      - {op: replace, path: /spec/replicas, value: 3}
                """.formatted(Rendered.ROOT.resolve("base")));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Kustomize.build(dir.resolve("bad")))
                .hasMessageContaining("patch target Deployment/fathom-dashbord is not among the resources");
    }

    @Test
    void overlaysChangeWhatTheySayTheyChange() {
        Rendered dev = Rendered.of("overlays/dev");
        Rendered production = Rendered.of("overlays/production");
        assertThat(dev.get("KafkaNodePool", "brokers").at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(dev.get("ClickHouseInstallation", "fathom").at("/spec/configuration/clusters/0/layout/shardsCount").asInt()).isEqualTo(1);
        assertThat(dev.get("FlinkDeployment", "fathom-points").at("/spec/job/parallelism").asInt()).isEqualTo(1);
        assertThat(production.get("FlinkDeployment", "fathom-points").at("/spec/job/parallelism").asInt()).isEqualTo(8);
        assertThat(production.get("Deployment", "fathom-dashboard").at("/spec/replicas").asInt()).isEqualTo(2);
        assertThat(production.get("Deployment", "fathom-dashboard").at("/spec/template/spec/topologySpreadConstraints/0/topologyKey").asText())
                .isEqualTo("kubernetes.io/hostname");
        assertThat(production.get("Deployment", "fathom-dashboard").at("/spec/template/spec/containers/0/name").asText()).isEqualTo("dashboard");

        Rendered dcgm = Rendered.of("overlays/production-dcgm");
        assertThat(dcgm.get("DaemonSet", "fathom-collector").at("/spec/template/spec/containers").findValuesAsText("name"))
                .contains("collector", "dcgm-exporter");
        assertThat(dcgm.get("ConfigMap", "fathom-collector-config").at("/data/collector.yaml").asText()).contains("preset: dcgm-exporter");
    }
}
