package dev.fathom.deploy.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fathom.model.Topics;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Topics are those of dev.fathom.model.Topics; users' ACLs name real topics and the groups the clients use. */
class KafkaResourcesTest {

    static final List<String> DEPLOYABLE = Rendered.DEPLOYABLE;

    @ParameterizedTest
    @FieldSource("DEPLOYABLE")
    void everyTopicOfTheModelIsAKafkaTopicAndReplicationFitsTheBrokers(String dir) throws Exception {
        Rendered r = Rendered.of(dir);
        Set<String> model = new HashSet<>();
        for (Field field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                model.add((String) field.get(null));
            }
        }
        Set<String> topics = new HashSet<>(r.ofKind("KafkaTopic").stream().map(t -> t.at("/spec/topicName").asText()).toList());
        assertThat(topics).isEqualTo(model);

        int brokers = r.ofKind("KafkaNodePool").stream().filter(p -> p.at("/spec/roles").toString().contains("broker"))
                .mapToInt(p -> p.at("/spec/replicas").asInt()).sum();
        for (ObjectNode topic : r.ofKind("KafkaTopic")) {
            int replicas = topic.at("/spec/replicas").asInt();
            int minIsr = topic.at("/spec/config/min.insync.replicas").asInt();
            assertThat(replicas).as(topic.at("/spec/topicName").asText()).isBetween(1, brokers);
            assertThat(minIsr).as("min.insync.replicas of " + topic.at("/spec/topicName").asText())
                    .isEqualTo(replicas == 1 ? 1 : replicas - 1);
            assertThat(topic.at("/spec/config/retention.ms").asLong()).isPositive();
        }
        JsonNode config = r.get("Kafka", "fathom-kafka").at("/spec/kafka/config");
        assertThat(config.path("default.replication.factor").asInt()).isLessThanOrEqualTo(brokers);
        assertThat(config.path("offsets.topic.replication.factor").asInt()).isLessThanOrEqualTo(brokers);
    }

    @Test
    void productionKeepsThreeCopiesAndSurvivesOneBroker() {
        Rendered r = Rendered.of("overlays/production");
        assertThat(r.ofKind("KafkaTopic")).allSatisfy(t -> {
            assertThat(t.at("/spec/replicas").asInt()).isEqualTo(3);
            assertThat(t.at("/spec/config/min.insync.replicas").asInt()).isEqualTo(2);
        });
        assertThat(r.get("KafkaNodePool", "controllers").at("/spec/replicas").asInt()).isEqualTo(3);
    }

    @ParameterizedTest
    @FieldSource("DEPLOYABLE")
    void everyClientLogsInAsItsOwnUserOnTheScramListener(String dir) {
        Rendered r = Rendered.of(dir);
        JsonNode listeners = r.get("Kafka", "fathom-kafka").at("/spec/kafka/listeners");
        assertThat(listeners).allSatisfy(l -> assertThat(l.at("/authentication/type").asText()).isEqualTo("scram-sha-512"));
        String port = listeners.get(0).path("port").asText();
        assertThat(r.objects().toString()).doesNotContainPattern("fathom-kafka-kafka-bootstrap:(?!" + port + ")\\d+");
        int clients = 0;
        for (Rendered.Pod pod : r.pods()) {
            for (JsonNode container : ReferencesTest.containers(pod.spec())) {
                String user = null;
                String secret = null;
                for (JsonNode env : container.path("env")) {
                    if (env.path("name").asText().equals("KAFKA_USER")) {
                        user = env.path("value").asText();
                    } else if (env.path("name").asText().equals("KAFKA_PASSWORD")) {
                        secret = env.at("/valueFrom/secretKeyRef/name").asText();
                    }
                }
                if (user != null) {
                    assertThat(secret).as(pod.owner() + ": the password of KafkaUser " + user).isEqualTo(user);
                    assertThat(r.find("KafkaUser", user)).as(pod.owner()).isPresent();
                    clients++;
                }
            }
        }
        assertThat(clients).isEqualTo(3); // stream job, alerts, OTLP receiver (the collector names its user in its config)
    }

    @Test
    void usersAclsNameDefinedTopicsAndTheGroupsTheirClientsUse() {
        Rendered r = Rendered.of("base");
        Set<String> topics = new HashSet<>(r.ofKind("KafkaTopic").stream().map(t -> t.at("/spec/topicName").asText()).toList());
        List<String> groups = new ArrayList<>();
        for (ObjectNode user : r.ofKind("KafkaUser")) {
            assertThat(user.at("/spec/authentication/type").asText()).isEqualTo("scram-sha-512");
            for (JsonNode acl : user.at("/spec/authorization/acls")) {
                String type = acl.at("/resource/type").asText();
                if (type.equals("topic")) {
                    assertThat(topics).as(user.at("/metadata/name").asText()).contains(acl.at("/resource/name").asText());
                } else if (type.equals("group")) {
                    groups.add(user.at("/metadata/name").asText() + ":" + acl.at("/resource/name").asText());
                }
            }
        }
        // The stream job's --group-id, the alerts config's group_id, drift's default group (docs/drift.md).
        String jobArgs = r.get("FlinkDeployment", "fathom-points").at("/spec/job/args").toString();
        assertThat(jobArgs).contains("\"--group-id\",\"fathom-points\"");
        assertThat(r.get("ConfigMap", "fathom-alerts-config").at("/data/alerts.yaml").asText()).contains("group_id: fathom-alerts");
        assertThat(groups).containsExactlyInAnyOrder("fathom-stream-jobs:fathom-points", "fathom-alerts:fathom-alerts", "fathom-drift:fathom-drift");
        // Every client that authenticates names its own user.
        for (String user : List.of("fathom-collector", "fathom-otlp-receiver", "fathom-stream-jobs", "fathom-alerts")) {
            assertThat(r.find("KafkaUser", user)).as(user).isPresent();
        }
        assertThat(r.get("ConfigMap", "fathom-collector-config").at("/data/collector.yaml").asText()).contains("username=\"fathom-collector\"");
    }
}
