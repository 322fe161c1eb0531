package dev.fathom.deploy.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * The other tests read what {@link Kustomize} renders; where {@code kubectl} is installed, this
 * one checks that {@code kubectl kustomize} renders the same objects (generated ConfigMaps keep
 * kustomize's hash suffix there, which is the one difference). Skipped, and says so, without kubectl.
 */
class RealKustomizeTest {

    static final List<String> DEPLOYABLE = Rendered.DEPLOYABLE;

    @ParameterizedTest
    @FieldSource("DEPLOYABLE")
    void kubectlKustomizeRendersTheSameObjects(String dir, @TempDir Path work) throws Exception {
        Path out = work.resolve("out.yaml");
        Process kubectl;
        try {
            kubectl = new ProcessBuilder("kubectl", "kustomize", Rendered.ROOT.resolve(dir).toString())
                    .redirectOutput(out.toFile()).redirectError(work.resolve("err.txt").toFile()).start();
        } catch (java.io.IOException e) {
            Assumptions.abort("kubectl is not installed: " + e.getMessage());
            return;
        }
        assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(kubectl.exitValue()).as(Files.readString(work.resolve("err.txt"))).isZero();
        String text = Files.readString(out).replaceAll("fathom-clickhouse-schema-[a-z0-9]{10}", "fathom-clickhouse-schema");
        Files.writeString(out, text);
        List<ObjectNode> real = sorted(Kustomize.documents(out));
        List<ObjectNode> ours = sorted(Rendered.of(dir).objects());
        assertThat(ours).hasSameSizeAs(real);
        for (int i = 0; i < real.size(); i++) {
            assertThat((JsonNode) ours.get(i)).as(key(real.get(i))).isEqualTo(real.get(i));
        }
    }

    private static List<ObjectNode> sorted(List<ObjectNode> objects) {
        return objects.stream().sorted(Comparator.comparing(RealKustomizeTest::key)).toList();
    }

    private static String key(ObjectNode o) {
        return o.path("kind").asText() + "/" + o.path("metadata").path("name").asText();
    }
}
