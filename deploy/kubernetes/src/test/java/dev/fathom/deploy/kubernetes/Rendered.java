package dev.fathom.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The objects one kustomization renders to, with the look-ups the reference checks need. */
record Rendered(String name, List<ObjectNode> objects) {

    /** deploy/kubernetes, the module's directory (Maven runs tests there). */
    static final Path ROOT = Path.of("").toAbsolutePath();

    /** Every kustomization a user deploys. */
    static final List<String> DEPLOYABLE = List.of("base", "overlays/dev", "overlays/production", "overlays/production-dcgm");

    static Rendered of(String dir) {
        return new Rendered(dir, Kustomize.build(ROOT.resolve(dir)));
    }

    List<ObjectNode> ofKind(String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }

    ObjectNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError(this.name + " renders no " + kind + "/" + name));
    }

    Optional<ObjectNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(o -> o.path("metadata").path("name").asText().equals(name)).findFirst();
    }

    /** Secret name to its keys: the Secrets written here and those Strimzi's User Operator makes per KafkaUser. */
    Map<String, Set<String>> secrets() {
        Map<String, Set<String>> secrets = new HashMap<>();
        for (ObjectNode secret : ofKind("Secret")) {
            Set<String> keys = new HashSet<>();
            secret.path("stringData").fieldNames().forEachRemaining(keys::add);
            secret.path("data").fieldNames().forEachRemaining(keys::add);
            secrets.put(secret.path("metadata").path("name").asText(), keys);
        }
        for (ObjectNode user : ofKind("KafkaUser")) {
            secrets.put(user.path("metadata").path("name").asText(), Set.of("password", "sasl.jaas.config"));
        }
        return secrets;
    }

    /** ConfigMap name to its keys. */
    Map<String, Set<String>> configMaps() {
        Map<String, Set<String>> maps = new HashMap<>();
        for (ObjectNode map : ofKind("ConfigMap")) {
            Set<String> keys = new HashSet<>();
            map.path("data").fieldNames().forEachRemaining(keys::add);
            maps.put(map.path("metadata").path("name").asText(), keys);
        }
        return maps;
    }

    /** A pod spec and where it comes from. */
    record Pod(String owner, JsonNode labels, JsonNode spec) {}

    /** The pod specs of workloads, and of the operators' pod templates that hold containers. */
    List<Pod> pods() {
        List<Pod> pods = new ArrayList<>();
        for (String kind : List.of("Deployment", "DaemonSet", "StatefulSet", "Job")) {
            for (ObjectNode o : ofKind(kind)) {
                JsonNode template = o.path("spec").path("template");
                pods.add(new Pod(kind + "/" + o.path("metadata").path("name").asText(), template.path("metadata").path("labels"), template.path("spec")));
            }
        }
        for (ObjectNode flink : ofKind("FlinkDeployment")) {
            JsonNode template = flink.path("spec").path("podTemplate");
            pods.add(new Pod("FlinkDeployment/" + flink.path("metadata").path("name").asText(), template.path("metadata").path("labels"), template.path("spec")));
        }
        for (String kind : List.of("ClickHouseInstallation", "ClickHouseKeeperInstallation")) {
            for (ObjectNode o : ofKind(kind)) {
                for (JsonNode template : o.path("spec").path("templates").path("podTemplates")) {
                    pods.add(new Pod(kind + "/" + o.path("metadata").path("name").asText() + "/" + template.path("name").asText(),
                            template.path("metadata").path("labels"), template.path("spec")));
                }
            }
        }
        return pods;
    }

    /** Host and port pairs the cluster serves: Services, and those the operators create. */
    Set<String> endpoints() {
        Set<String> endpoints = new HashSet<>();
        for (ObjectNode service : ofKind("Service")) {
            for (JsonNode port : service.path("spec").path("ports")) {
                endpoints.add(service.path("metadata").path("name").asText() + ":" + port.path("port").asInt());
            }
        }
        for (ObjectNode kafka : ofKind("Kafka")) {
            for (JsonNode listener : kafka.path("spec").path("kafka").path("listeners")) {
                endpoints.add(kafka.path("metadata").path("name").asText() + "-kafka-bootstrap:" + listener.path("port").asInt());
            }
        }
        for (ObjectNode chi : ofKind("ClickHouseInstallation")) {
            endpoints.add("clickhouse-" + chi.path("metadata").path("name").asText() + ":8123");
            endpoints.add("clickhouse-" + chi.path("metadata").path("name").asText() + ":9000");
        }
        for (ObjectNode chk : ofKind("ClickHouseKeeperInstallation")) {
            endpoints.add("keeper-" + chk.path("metadata").path("name").asText() + ":2181");
        }
        return endpoints;
    }

    @Override
    public String toString() {
        return name;
    }
}
