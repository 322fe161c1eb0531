package dev.fathom.deploy.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Dockerfile builds the images the manifests run, from files that exist (no Docker runs here to build it). */
class ImageTest {

    private static final Path REPO = Rendered.ROOT.resolve("../..").normalize();

    @Test
    void theManifestsRunOnlyTheImagesTheDockerfileBuilds() throws Exception {
        String dockerfile = Files.readString(Rendered.ROOT.resolve("Dockerfile"));
        Set<String> built = new HashSet<>();
        Matcher tag = Pattern.compile("--target (\\S+)\\s+-t (\\S+)").matcher(dockerfile);
        while (tag.find()) {
            assertThat(dockerfile).contains("AS " + tag.group(1));
            built.add(tag.group(2));
        }
        assertThat(built).containsExactlyInAnyOrder("ghcr.io/fathom-dev/fathom:0.1.0", "ghcr.io/fathom-dev/fathom-flink:0.1.0");
        for (String dir : Rendered.DEPLOYABLE) {
            Rendered r = Rendered.of(dir);
            for (var object : r.objects()) {
                for (JsonNode image : object.findValues("image")) {
                    if (image.asText().contains("fathom-dev")) {
                        assertThat(built).as(dir + " " + object.at("/metadata/name").asText()).contains(image.asText());
                    }
                }
            }
            String jar = r.get("FlinkDeployment", "fathom-points").at("/spec/job/jarURI").asText();
            assertThat(jar).startsWith("local://");
            assertThat(dockerfile).contains(" " + jar.substring("local://".length()));
        }
    }

    @Test
    void whatTheDockerfileCopiesFromTheRepositoryExists() throws Exception {
        String dockerfile = Files.readString(Rendered.ROOT.resolve("Dockerfile"));
        Matcher copy = Pattern.compile("(?m)^COPY (?!--from)(\\S+) ").matcher(dockerfile);
        int checked = 0;
        while (copy.find()) {
            if (!copy.group(1).equals(".")) {
                assertThat(REPO.resolve(copy.group(1))).exists();
                checked++;
            }
        }
        for (String built : List.of("collectors/collector.jvm-options", "cli/pom.xml", "dashboard/pom.xml", "stream-jobs/pom.xml")) {
            assertThat(REPO.resolve(built)).exists();
        }
        assertThat(checked).isPositive();
        Path entrypoint = REPO.resolve("deploy/kubernetes/image/fathom-entrypoint.sh");
        assertThat(Files.isExecutable(entrypoint)).isTrue();
        assertThat(Files.readString(entrypoint)).contains("dev.fathom.cli.Fathom").contains("/opt/fathom/collector.jvm-options");
    }
}
