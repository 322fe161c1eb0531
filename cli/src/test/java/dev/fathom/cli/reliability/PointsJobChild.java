package dev.fathom.cli.reliability;

import dev.fathom.streamjobs.points.PointsJob;
import dev.fathom.streamjobs.points.PointsJobConfig;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The points job in a MiniCluster of a JVM of its own, so a test can SIGKILL the whole job (job
 * manager, task, state backend) as a machine failure would, then start it again from the last
 * retained checkpoint. Configured as {@code fathom up} runs it (checkpoints on file://), except
 * that checkpoints are retained, as a cluster deployment would set, and parallelism is 1 (up runs
 * one subtask per core): one subtask reading all four partitions is where a lagging partition's
 * cost minutes come late (F1), the case this suite must keep covering.
 *
 * <p>Arguments: CHECKPOINT_DIR RESTORE_PATH|- then the job's own arguments (PointsJobConfig).
 */
public final class PointsJobChild {

    private PointsJobChild() {}

    public static void main(String[] args) throws Exception {
        Path checkpoints = Path.of(args[0]);
        String restore = args[1];
        PointsJobConfig config = PointsJobConfig.fromArgs(Arrays.copyOfRange(args, 2, args.length));
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.BIND_PORT, "0");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        if (!"-".equals(restore)) {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, restore);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        PointsJob.define(env, config);
        JobClient job = env.executeAsync(PointsJob.NAME);
        System.out.println("fathom-points job " + job.getJobID() + " submitted" + ("-".equals(restore) ? "" : ", restoring " + restore));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                job.cancel().get();
            } catch (Exception e) {
                // the JVM is going anyway
            }
        }));
        job.getJobExecutionResult().get();
    }
}
