package dev.fathom.cli.up;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@code fathom up} starts and where.
 *
 * @param varDir where every component keeps its data and logs between runs
 * @param dashboardJar the dashboard's executable jar; null to run without the dashboard
 * @param alertsConfig the alerts service's config file; null to run without the alerts service
 * @param sloFile OpenSLO definitions the stream job evaluates; null for none
 * @param ownersFile who owns which hardware, for cost attribution; null for labels only
 * @param faults faults to inject into the simulated fleet
 * @param jobParallelism subtasks of the points job (at most {@link #OTLP_PARTITIONS}: one reads each partition)
 */
public record StackOptions(
        Path varDir,
        int kafkaPort,
        int clickhousePort,
        int dashboardPort,
        int nodes,
        int gpusPerNode,
        Duration collectInterval,
        boolean hostMetrics,
        Path dashboardJar,
        int alertsPort,
        Path alertsConfig,
        Path sloFile,
        Path ownersFile,
        java.util.List<FaultSchedule> faults,
        int jobParallelism) {

    static final String DATABASE = "fathom";
    static final int OTLP_PARTITIONS = 4;

    /** One points-job subtask per core, up to one per partition. */
    static int defaultJobParallelism() {
        return Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), OTLP_PARTITIONS));
    }
}
