package dev.fathom.deploy.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every Flink setting in the FlinkDeployment is a current key of the Flink the job is built
 * against (2.3.0): Flink 2 dropped many 1.x spellings, and an unknown key is silently ignored,
 * which would leave, say, checkpoints in the JobManager's memory instead of object storage.
 * The operator's own keys ({@code kubernetes.operator.*}) are the operator's.
 */
class FlinkConfigurationTest {

    static final List<String> DEPLOYABLE = Rendered.DEPLOYABLE;

    @ParameterizedTest
    @FieldSource("DEPLOYABLE")
    void everyFlinkSettingIsACurrentFlinkKey(String dir) throws Exception {
        Map<String, String> current = new HashMap<>();
        Map<String, String> deprecated = new HashMap<>();
        for (Class<?> options : List.of(CheckpointingOptions.class, StateBackendOptions.class, HighAvailabilityOptions.class,
                RestartStrategyOptions.class, CoreOptions.class, TaskManagerOptions.class)) {
            for (Field field : options.getFields()) {
                if (Modifier.isStatic(field.getModifiers()) && ConfigOption.class.isAssignableFrom(field.getType())) {
                    ConfigOption<?> option = (ConfigOption<?>) field.get(null);
                    current.put(option.key(), options.getSimpleName());
                    for (FallbackKey fallback : option.fallbackKeys()) {
                        deprecated.put(fallback.getKey(), option.key());
                    }
                }
            }
        }
        List<String> problems = new ArrayList<>();
        Rendered.of(dir).get("FlinkDeployment", "fathom-points").at("/spec/flinkConfiguration").fieldNames().forEachRemaining(key -> {
            if (key.startsWith("kubernetes.operator.")) {
                return;
            }
            if (deprecated.containsKey(key) && !current.containsKey(key)) {
                problems.add(key + " is an old spelling: use " + deprecated.get(key));
            } else if (!current.containsKey(key)) {
                problems.add(key + " is not a key of Flink's checkpointing, state backend, HA, restart, core or task manager options");
            }
        });
        assertThat(problems).isEmpty();
    }
}
