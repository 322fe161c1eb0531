package dev.fathom.storage.schema.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.local.chdb.CurrentClickHouse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated cluster schema on current ClickHouse ({@link CurrentClickHouse}: chdb, no Keeper
 * and no clusters): the local tables, views and migration records run for real, and every
 * statement of the replicated variant ({@code ON CLUSTER}, {@code Replicated*MergeTree},
 * {@code Distributed}), and of the upgrade from the first two files, is parsed by the server's own parser ({@code formatQuery}). When chdb is
 * missing the test fails and says how to install it.
 */
class ClusterSchemaOnCurrentClickHouseTest {

    @TempDir
    Path work;

    @Test
    void localTablesAndViewsRunAndEveryReplicatedStatementParses() throws Exception {
        CurrentClickHouse.requireInstalled();
        ClusterSchema schema = ClusterSchema.fromClasspath();
        List<String> setup = schema.statements("fathom", ClusterSchema.Replication.NONE).stream()
                .filter(s -> !s.contains("ENGINE = Distributed(")).toList();
        List<String> replicated = new ArrayList<>(schema.statements("fathom", ClusterSchema.Replication.REPLICATED));
        // The upgrade from the first two files: ALTER ... ON CLUSTER ADD COLUMN IF NOT EXISTS ... AFTER, and the rest.
        replicated.addAll(schema.upgradeStatements("fathom", ClusterSchema.Replication.REPLICATED,
                dev.fathom.storage.schema.SchemaFile.all().get(1).version()));
        List<String> queries = new ArrayList<>();
        for (String statement : replicated) {
            queries.add("SELECT formatQuery('" + statement.replace("\\", "\\\\").replace("'", "\\'") + "') AS q");
        }
        queries.add("SELECT name, engine FROM system.tables WHERE database = currentDatabase() AND name LIKE '%_mv' ORDER BY name");

        CurrentClickHouse.Answer answer = CurrentClickHouse.run(setup, queries, work);

        assertThat(answer.version()).startsWith("26.");
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < replicated.size(); i++) {
            CurrentClickHouse.Result result = answer.results().get(i);
            if (result.failed()) {
                problems.add(result.error() + "\n" + replicated.get(i));
            } else if (!replicated.get(i).startsWith("INSERT")) {
                assertThat(result.rows().get(0).get("q").asText()).as(replicated.get(i)).contains("ON CLUSTER fathom");
            }
        }
        assertThat(problems).isEmpty();
        assertThat(answer.results().get(replicated.size()).rows()).hasSize(schema.viewNames().size())
                .allSatisfy(row -> assertThat(row.get("engine").asText()).isEqualTo("MaterializedView"));
    }
}
