package dev.fathom.deploy.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fathom.storage.schema.cluster.ClusterSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The committed cluster schema is the generator's output for the CHI's cluster; ClickHouse users match the pods using them. */
class ClickHouseResourcesTest {

    static final List<String> DEPLOYABLE = Rendered.DEPLOYABLE;
    static final Path SCHEMA = Rendered.ROOT.resolve("base/clickhouse/schema/cluster-schema.sql");

    @Test
    void theCommittedClusterSchemaIsTheGeneratorsOutputForTheClickHouseCluster() throws Exception {
        String cluster = Rendered.of("base").get("ClickHouseInstallation", "fathom").at("/spec/configuration/clusters/0/name").asText();
        assertThat(cluster).isEqualTo("fathom");
        String generated = ClusterSchema.fromClasspath().script(cluster, ClusterSchema.Replication.REPLICATED);
        assertThat(Files.readString(SCHEMA))
                .as("regenerate it: ./fathom storage cluster-schema --cluster fathom --out deploy/kubernetes/base/clickhouse/schema/cluster-schema.sql")
                .isEqualTo(generated);
    }

    @ParameterizedTest
    @FieldSource("DEPLOYABLE")
    void theSchemaJobMountsTheGeneratedSchemaAndLogsInAsAUserOfTheInstallation(String dir) {
        Rendered r = Rendered.of(dir);
        ObjectNode job = r.get("Job", "fathom-clickhouse-schema");
        assertThat(job.at("/spec/template/spec/volumes/0/configMap/name").asText()).isEqualTo("fathom-clickhouse-schema");
        assertThat(r.configMaps().get("fathom-clickhouse-schema")).containsExactly("cluster-schema.sql");
        String command = job.at("/spec/template/spec/containers/0/command").toString();
        assertThat(command).contains("--user fathom_admin").contains("/schema/cluster-schema.sql").contains("ON CLUSTER 'fathom'");
        assertThat(r.get("ClickHouseInstallation", "fathom").at("/spec/configuration/users").has("fathom_admin/password")).isTrue();
    }

    @ParameterizedTest
    @FieldSource("DEPLOYABLE")
    void podsLogInToClickHouseAsDefinedUsersWithThoseUsersPasswords(String dir) {
        Rendered r = Rendered.of(dir);
        JsonNode users = r.get("ClickHouseInstallation", "fathom").at("/spec/configuration/users");
        int checked = 0;
        for (Rendered.Pod pod : r.pods()) {
            for (JsonNode container : ReferencesTest.containers(pod.spec())) {
                String user = null;
                JsonNode password = null;
                for (JsonNode env : container.path("env")) {
                    if (env.path("name").asText().equals("FATHOM_CLICKHOUSE_USER")) {
                        user = env.path("value").asText();
                    } else if (env.path("name").asText().equals("FATHOM_CLICKHOUSE_PASSWORD")) {
                        password = env.at("/valueFrom/secretKeyRef");
                    }
                }
                if (user == null) {
                    continue;
                }
                assertThat(users.has(user + "/password")).as(pod.owner() + " logs in as " + user).isTrue();
                assertThat(password).as(pod.owner() + "'s password").isEqualTo(users.get(user + "/password").at("/valueFrom/secretKeyRef"));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(3); // stream job, alerts, dashboard
        assertThat(users.get("fathom_reader/grants/query").toString()).contains("GRANT SELECT ON fathom.*").doesNotContain("ALTER");
    }
}
