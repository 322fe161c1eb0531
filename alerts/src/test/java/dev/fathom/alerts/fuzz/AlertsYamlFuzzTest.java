package dev.fathom.alerts.fuzz;

import dev.fathom.local.fuzz.FuzzRun;

import dev.fathom.local.fuzz.Mutations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.alerts.config.AlertsConfig;
import dev.fathom.alerts.config.ConfigException;
import dev.fathom.alerts.config.ConfigLoader;
import dev.fathom.alerts.config.YamlFiles;
import dev.fathom.alerts.rules.RuleFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Alert-rule files and the service's config, mutated from the shipped and documented files and
 * generated: each is read, or refused with a {@link ConfigException} naming the file (and the line
 * where the YAML gets that far); never another exception, never a hang on alias or nesting bombs.
 * Rules' expressions and matchers (regexes) are parsed as part of reading the file.
 */
class AlertsYamlFuzzTest {

    static final List<byte[]> RULES = List.of(Fixtures.read("fuzz/rules.example.yaml"), Fixtures.read("fuzz/rules-doc.yaml"));
    static final List<byte[]> CONFIGS = List.of(Fixtures.read("fuzz/alerts.example.yaml"), Fixtures.read("fuzz/alerts.local.yaml"));

    static final List<String> YAML_TOKENS = List.of(": ", "\n", "\n  ", "- ", "---\n", "{", "}", "[", "]", "&a ", "*a",
            "!!binary ", "? ", "|\n", "~", "null", "yes", "'", "\"", "#", "<<: *a\n", "${TOKEN}", "${", "$");
    static final List<String> RULE_TOKENS = List.of("rules:", "alert: ", "expr: ", "for: ", "labels: ", "annotations: ",
            "gpu.temperature > 85", "max_over_time(", "min_over_time(", "avg_over_time(", "[10m]", "[0s]", "[99999999999d]",
            "{reason!~\"(?i).*idle.*\"}", "{a=~\"(\"}", "{a=\"\\\"}", " == ", " >= ", " != ", "NaN", "1e999", "-Inf",
            "5m", "0s", "-1m", "1y", "{{ $labels.host }}", "{{", "}}");
    static final List<String> CONFIG_TOKENS = List.of("route:", "receiver: ", "group_by: ", "group_wait: ",
            "group_interval: ", "repeat_interval: ", "routes:", "matchers: ", "continue: ", "receivers:", "name: ",
            "slack_configs:", "pagerduty_configs:", "webhook_configs:", "url: ", "api_url: ", "api_url_file: ",
            "routing_key_file: /nonexistent", "inhibit_rules:", "source_matchers: ", "target_matchers: ", "equal: ",
            "server:", "listen: ", "127.0.0.1:0", "bearer_token: ", "data_dir: ", "delivery:", "max_attempts: ",
            "severity=\"critical\"", "alertname=~\"(\"", "http://", "0s", "-5m", "999999999999h",
            "alertmanager_configs:", "bearer_token_file: ", "basic_auth: ", "username: ", "password: ", "password_file: ",
            "url_file: ", "http://user:pw@host/", "http://@/", "${EMPTY}", "clickhouse:", "dashboard_url: ");
    /** The variables the shipped configs read, so mutated configs get past them into the rest of the loader. */
    static final Map<String, String> ENV = Map.of("TOKEN", "t0ken", "EMPTY", "", "SLACK_WEBHOOK_URL", "https://hooks.slack.example/T0/B0/X",
            "PAGERDUTY_ROUTING_KEY", "R0UT1NGKEY0123456789", "FATHOM_ALERTS_TOKEN", "t0ken",
            "COST_ALERTS_WEBHOOK_URL", "http://127.0.0.1:9099/fathom-cost-alerts");

    private static Path dir;

    @BeforeContainer
    static void makeDir() throws IOException {
        dir = Files.createTempDirectory("alerts-fuzz");
    }

    @AfterContainer
    static void removeDir() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Property
    void ruleFilesAreReadOrRefusedNamingTheFile(@ForAll("rules") byte[] input) {
        FuzzRun.Outcome<RuleFile> outcome = FuzzRun.parse(input,
                () -> YamlFiles.read("rules.yaml", input, RuleFile.class, Map.of()), ConfigException.class);
        if (outcome.rejected()) {
            assertThat(outcome.rejection().getMessage()).startsWith("rules.yaml");
        } else {
            outcome.value().rules().forEach(rule -> assertThat(rule.parsed()).isNotNull());
        }
    }

    @Property
    void configsAreReadOrRefusedNamingTheFile(@ForAll("configs") byte[] input) throws IOException {
        Path file = dir.resolve("alerts.yaml");
        Files.write(file, input);
        FuzzRun.Outcome<AlertsConfig> outcome = FuzzRun.parse(input,
                () -> ConfigLoader.load(file, ENV), ConfigException.class);
        if (outcome.rejected()) {
            assertThat(outcome.rejection().getMessage()).startsWith(file.toString());
        }
    }

    @Provide
    Arbitrary<byte[]> rules() {
        return Mutations.inputs(RULES, concat(YAML_TOKENS, RULE_TOKENS), YamlBombs.all());
    }

    @Provide
    Arbitrary<byte[]> configs() {
        return Mutations.inputs(CONFIGS, concat(YAML_TOKENS, CONFIG_TOKENS), YamlBombs.all());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }
}
