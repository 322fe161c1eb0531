package dev.fathom.collectors.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The config reference in docs/collectors.md is the one the code prints. */
class ConfigReferenceDocTest {

    @Test
    void theDocumentedReferenceIsTheCodes() throws Exception {
        Path doc = Path.of("..", "docs", "collectors.md");
        String text = Files.readString(doc);
        String start = "<!-- config-reference:start -->\n";
        String end = "<!-- config-reference:end -->";
        String documented = text.substring(text.indexOf(start) + start.length(), text.indexOf(end));
        assertThat(documented).as("regenerate with ConfigReference and paste into " + doc).isEqualTo(ConfigReference.markdown());
    }

    @Test
    void everyKeyHasADescription() {
        assertThat(ConfigReference.markdown().lines().skip(2))
                .allSatisfy(line -> assertThat(line).doesNotEndWith("|  |").doesNotEndWith("| |"));
    }
}
