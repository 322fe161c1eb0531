package dev.fathom.cli.up;

import dev.fathom.streamjobs.points.PointsJob;
import dev.fathom.streamjobs.points.PointsJobConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The points job in a Flink MiniCluster inside this JVM. It stops with a savepoint, so the
 * sink's last batch reaches ClickHouse and the Kafka offsets are committed; the next start
 * resumes from that savepoint.
 */
final class LocalPointsJob implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalPointsJob.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final JobClient job;
    private final Path flinkDir;

    private LocalPointsJob(JobClient job, Path flinkDir) {
        this.job = job;
        this.flinkDir = flinkDir;
    }

    static LocalPointsJob start(Path flinkDir, PointsJobConfig config, boolean kafkaIsNew, int parallelism) throws Exception {
        Files.createDirectories(flinkDir);
        Path lastSavepoint = flinkDir.resolve("last-savepoint");
        if (kafkaIsNew) {
            // Offsets in an old savepoint belong to a Kafka log that no longer exists.
            Files.deleteIfExists(lastSavepoint);
        }
        Optional<String> savepoint = Files.exists(lastSavepoint)
                ? Optional.of(Files.readString(lastSavepoint).trim()) : Optional.empty();
        try {
            LocalPointsJob job = submit(flinkDir, config, savepoint, parallelism);
            // Used up: if this run is killed before it writes a new one, the next start must
            // resume from the offsets its checkpoints committed, not from this older savepoint.
            Files.deleteIfExists(lastSavepoint);
            return job;
        } catch (IllegalStateException e) {
            if (savepoint.isEmpty()) {
                throw e;
            }
            log.warn("could not resume from savepoint {} ({}); starting from the committed Kafka offsets instead",
                    savepoint.get(), e.getMessage());
            Files.deleteIfExists(lastSavepoint);
            return submit(flinkDir, config, Optional.empty(), parallelism);
        }
    }

    private static LocalPointsJob submit(Path flinkDir, PointsJobConfig config, Optional<String> savepoint, int parallelism)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.BIND_PORT, "0");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, flinkDir.resolve("checkpoints").toUri().toString());
        conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, flinkDir.resolve("savepoints").toUri().toString());
        savepoint.ifPresent(path -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, path));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        PointsJob.define(env, config);
        JobClient job = env.executeAsync(PointsJob.NAME);
        awaitRunning(job);
        log.info("Flink job {} {} running, parallelism {}{}", PointsJob.NAME, job.getJobID(), parallelism,
                savepoint.map(path -> ", resumed from savepoint " + path).orElse(""));
        return new LocalPointsJob(job, flinkDir);
    }

    private static void awaitRunning(JobClient job) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
            if (status == JobStatus.RUNNING) {
                return;
            }
            if (status.isGloballyTerminalState()) {
                String cause = job.getJobExecutionResult().handle((r, e) -> e == null ? "finished" : rootMessage(e)).get();
                throw new IllegalStateException("the Flink job ended while starting: " + cause);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the Flink job was not running after " + START_TIMEOUT.toSeconds() + " s");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.toString();
    }

    String describe() {
        return "job " + PointsJob.NAME + " (MiniCluster)";
    }

    @Override
    public void close() {
        try {
            String savepoint = job.stopWithSavepoint(false, flinkDir.resolve("savepoints").toUri().toString(),
                    SavepointFormatType.CANONICAL).get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            Files.writeString(flinkDir.resolve("last-savepoint"), savepoint);
            log.info("Flink job stopped with savepoint {}", savepoint);
        } catch (Exception e) {
            log.warn("Flink job did not stop with a savepoint ({}); cancelling it. Points after its last checkpoint"
                    + " stay in Kafka and are read again at the next start.", rootMessage(e));
            try {
                job.cancel().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception cancelFailure) {
                log.warn("cancelling the Flink job failed: {}", rootMessage(cancelFailure));
            }
        }
        try {
            job.getJobExecutionResult().handle((r, e) -> null).get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("waiting for the job's end", e);
        }
    }
}
