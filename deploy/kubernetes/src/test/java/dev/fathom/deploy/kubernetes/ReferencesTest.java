package dev.fathom.deploy.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every name one object uses to reach another resolves, in every deployable rendering: Secrets
 * and ConfigMaps (and their keys), ServiceAccounts, claims, probe ports, Service selectors and
 * ports, the Strimzi cluster label, and every host:port in configs and arguments.
 */
class ReferencesTest {

    static final List<String> DEPLOYABLE = Rendered.DEPLOYABLE;

    private static final Pattern ENDPOINT = Pattern.compile("(?:https?://)?([a-z][a-z0-9-]*):(\\d{2,5})\\b");

    @ParameterizedTest
    @FieldSource("DEPLOYABLE")
    void secretsAndConfigMapsThatPodsUseExistWithTheirKeys(String dir) {
        Rendered r = Rendered.of(dir);
        Map<String, Set<String>> secrets = r.secrets();
        Map<String, Set<String>> configMaps = r.configMaps();
        List<String> problems = new ArrayList<>();
        for (Rendered.Pod pod : r.pods()) {
            for (JsonNode ref : pod.spec().findValues("secretKeyRef")) {
                requireKey(problems, pod.owner(), "Secret", secrets, ref.path("name").asText(), ref.path("key").asText());
            }
            for (JsonNode ref : pod.spec().findValues("configMapKeyRef")) {
                requireKey(problems, pod.owner(), "ConfigMap", configMaps, ref.path("name").asText(), ref.path("key").asText());
            }
            for (JsonNode ref : pod.spec().findValues("secretRef")) {
                requireKey(problems, pod.owner(), "Secret", secrets, ref.path("name").asText(), null);
            }
            for (JsonNode ref : pod.spec().findValues("configMapRef")) {
                requireKey(problems, pod.owner(), "ConfigMap", configMaps, ref.path("name").asText(), null);
            }
            for (JsonNode volume : pod.spec().path("volumes")) {
                if (volume.has("secret")) {
                    requireKey(problems, pod.owner(), "Secret", secrets, volume.path("secret").path("secretName").asText(), null);
                }
                if (volume.has("configMap")) {
                    requireKey(problems, pod.owner(), "ConfigMap", configMaps, volume.path("configMap").path("name").asText(), null);
                }
                if (volume.has("persistentVolumeClaim")) {
                    String claim = volume.path("persistentVolumeClaim").path("claimName").asText();
                    if (r.find("PersistentVolumeClaim", claim).isEmpty()) {
                        problems.add(pod.owner() + " mounts claim " + claim + ", which is not defined");
                    }
                }
            }
        }
        // The ClickHouse users' passwords.
        for (ObjectNode chi : r.ofKind("ClickHouseInstallation")) {
            for (JsonNode ref : chi.path("spec").path("configuration").findValues("secretKeyRef")) {
                requireKey(problems, "ClickHouseInstallation/" + chi.at("/metadata/name").asText(), "Secret", secrets,
                        ref.path("name").asText(), ref.path("key").asText());
            }
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("DEPLOYABLE")
    void volumeMountsServiceAccountsAndProbePortsResolveInTheirPod(String dir) {
        Rendered r = Rendered.of(dir);
        List<String> problems = new ArrayList<>();
        for (Rendered.Pod pod : r.pods()) {
            String account = pod.spec().path("serviceAccountName").asText();
            if (!account.isEmpty() && r.find("ServiceAccount", account).isEmpty()) {
                problems.add(pod.owner() + " runs as ServiceAccount " + account + ", which is not defined");
            }
            Set<String> volumes = new HashSet<>(pod.spec().path("volumes").findValuesAsText("name"));
            for (JsonNode container : containers(pod.spec())) {
                for (JsonNode mount : container.path("volumeMounts")) {
                    if (!volumes.contains(mount.path("name").asText())) {
                        problems.add(pod.owner() + " container " + container.path("name").asText() + " mounts volume "
                                + mount.path("name").asText() + ", which the pod does not define");
                    }
                }
                Set<String> ports = new HashSet<>();
                for (JsonNode port : container.path("ports")) {
                    ports.add(port.path("name").asText());
                    ports.add(port.path("containerPort").asText());
                }
                for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                    JsonNode check = container.path(probe);
                    JsonNode port = check.path("httpGet").has("port") ? check.path("httpGet").path("port") : check.path("tcpSocket").path("port");
                    if (!port.isMissingNode() && !ports.contains(port.asText())) {
                        problems.add(pod.owner() + " container " + container.path("name").asText() + " " + probe + " port " + port.asText()
                                + " is not one of its ports " + ports);
                    }
                }
            }
        }
        for (ObjectNode flink : r.ofKind("FlinkDeployment")) {
            String account = flink.at("/spec/serviceAccount").asText();
            if (r.find("ServiceAccount", account).isEmpty()) {
                problems.add("FlinkDeployment " + flink.at("/metadata/name").asText() + " uses ServiceAccount " + account + ", not defined");
            }
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("DEPLOYABLE")
    void servicesSelectPodsAndTargetTheirPorts(String dir) {
        Rendered r = Rendered.of(dir);
        List<String> problems = new ArrayList<>();
        assertThat(r.ofKind("Service")).isNotEmpty();
        for (ObjectNode service : r.ofKind("Service")) {
            String name = service.at("/metadata/name").asText();
            JsonNode selector = service.at("/spec/selector");
            List<Rendered.Pod> selected = r.pods().stream().filter(p -> matches(selector, p.labels())).toList();
            if (selected.isEmpty()) {
                problems.add("Service " + name + " selects no pod: " + selector);
                continue;
            }
            for (JsonNode port : service.at("/spec/ports")) {
                String target = port.path("targetPort").asText(port.path("port").asText());
                for (Rendered.Pod pod : selected) {
                    boolean found = false;
                    for (JsonNode container : containers(pod.spec())) {
                        for (JsonNode p : container.path("ports")) {
                            found |= p.path("name").asText().equals(target) || p.path("containerPort").asText().equals(target);
                        }
                    }
                    if (!found) {
                        problems.add("Service " + name + " targets port " + target + ", which " + pod.owner() + " does not expose");
                    }
                }
            }
        }
        for (ObjectNode budget : r.ofKind("PodDisruptionBudget")) {
            if (r.pods().stream().noneMatch(p -> matches(budget.at("/spec/selector/matchLabels"), p.labels()))) {
                problems.add("PodDisruptionBudget " + budget.at("/metadata/name").asText() + " selects no pod");
            }
        }
        for (String kind : List.of("Deployment", "DaemonSet")) {
            for (ObjectNode workload : r.ofKind(kind)) {
                if (!matches(workload.at("/spec/selector/matchLabels"), workload.at("/spec/template/metadata/labels"))) {
                    problems.add(kind + " " + workload.at("/metadata/name").asText() + "'s selector does not match its own pods");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("DEPLOYABLE")
    void strimziResourcesNameTheKafkaAndTheKeeperIsTheOneClickHouseUses(String dir) {
        Rendered r = Rendered.of(dir);
        Set<String> kafkas = new HashSet<>(r.ofKind("Kafka").stream().map(k -> k.at("/metadata/name").asText()).toList());
        assertThat(kafkas).containsExactly("fathom-kafka");
        for (String kind : List.of("KafkaTopic", "KafkaUser", "KafkaNodePool")) {
            assertThat(r.ofKind(kind)).as(kind).isNotEmpty()
                    .allSatisfy(o -> assertThat(kafkas).as(kind + " " + o.at("/metadata/name").asText())
                            .contains(o.at("/metadata/labels").path("strimzi.io/cluster").asText()));
        }
        Set<String> endpoints = r.endpoints();
        for (JsonNode node : r.get("ClickHouseInstallation", "fathom").at("/spec/configuration/zookeeper/nodes")) {
            assertThat(endpoints).contains(node.path("host").asText() + ":" + node.path("port").asInt());
        }
    }

    @ParameterizedTest
    @FieldSource("DEPLOYABLE")
    void everyHostAndPortInConfigsAndArgumentsIsServedInTheCluster(String dir) {
        Rendered r = Rendered.of(dir);
        Set<String> endpoints = r.endpoints();
        Set<String> used = new HashSet<>();
        for (ObjectNode object : r.objects()) {
            if (object.path("kind").asText().equals("ConfigMap") && object.at("/metadata/name").asText().equals("fathom-clickhouse-schema")) {
                continue;
            }
            for (String text : strings(object)) {
                Matcher m = ENDPOINT.matcher(text);
                while (m.find()) {
                    if (!m.group(1).equals("localhost")) {
                        used.add(m.group(1) + ":" + m.group(2));
                    }
                }
            }
        }
        assertThat(used).contains("fathom-kafka-kafka-bootstrap:9094", "clickhouse-fathom:8123",
                "fathom-alerts:9094");
        assertThat(endpoints).containsAll(used);
    }

    static boolean matches(JsonNode selector, JsonNode labels) {
        if (selector == null || !selector.isObject() || selector.isEmpty()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) selector::fields) {
            if (!labels.path(e.getKey()).asText().equals(e.getValue().asText())) {
                return false;
            }
        }
        return true;
    }

    static List<JsonNode> containers(JsonNode podSpec) {
        List<JsonNode> all = new ArrayList<>();
        podSpec.path("initContainers").forEach(all::add);
        podSpec.path("containers").forEach(all::add);
        return all;
    }

    /** Every text value, but image references (registry/name:tag). */
    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isTextual()) {
            out.add(node.asText());
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("image")) {
                    out.addAll(strings(e.getValue()));
                }
            });
        } else {
            node.elements().forEachRemaining(child -> out.addAll(strings(child)));
        }
        return out;
    }

    private static void requireKey(List<String> problems, String owner, String kind, Map<String, Set<String>> defined, String name, String key) {
        if (!defined.containsKey(name)) {
            problems.add(owner + " uses " + kind + " " + name + ", which is not defined");
        } else if (key != null && !defined.get(name).contains(key)) {
            problems.add(owner + " uses key " + key + " of " + kind + " " + name + ", which has only " + defined.get(name));
        }
    }
}
