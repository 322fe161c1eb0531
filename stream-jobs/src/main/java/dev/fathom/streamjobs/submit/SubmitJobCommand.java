package dev.fathom.streamjobs.submit;

import dev.fathom.streamjobs.points.PointsJob;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fathom jobs submit --flink-rest URL [options] [-- job arguments]}: uploads the shaded job
 * jar to a Flink cluster through its REST API and starts the job with the given arguments (the
 * job's own {@code --bootstrap-servers ...}, see docs/stream-jobs.md). Exit codes: 0 submitted,
 * 2 bad input, 1 the cluster refused or could not be reached.
 */
@Command(name = "submit", mixinStandardHelpOptions = true,
        description = "Upload the Fathom stream-jobs jar to a Flink cluster and start the job.")
public final class SubmitJobCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--flink-rest", required = true, paramLabel = "URL",
            description = "Flink REST endpoint, e.g. http://127.0.0.1:8081")
    String flinkRest;

    @Option(names = "--jar", paramLabel = "FILE",
            description = "The job jar (default: stream-jobs/target/fathom-stream-jobs-*-job.jar, or lib/ next to it)")
    Path jar;

    @Option(names = "--entry-class", defaultValue = "dev.fathom.streamjobs.points.PointsJob",
            description = "Main class of the job (default: ${DEFAULT-VALUE})")
    String entryClass;

    @Option(names = "--parallelism", description = "Job parallelism (default: the cluster's)")
    Integer parallelism;

    @Option(names = "--savepoint", paramLabel = "PATH", description = "Start from this savepoint or retained checkpoint")
    String savepoint;

    @Parameters(paramLabel = "JOB_ARGS", description = "Arguments for the job after --, e.g. -- --bootstrap-servers kafka:9092")
    List<String> jobArgs = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        FlinkRestClient client;
        Path jarFile;
        try {
            client = new FlinkRestClient(flinkRest);
            jarFile = jar != null ? jar : findJobJar(Path.of(""));
            if (!Files.isRegularFile(jarFile)) {
                throw new IllegalArgumentException("no job jar at " + jarFile.toAbsolutePath() + " (build it with: mvn -pl stream-jobs package)");
            }
            if (parallelism != null && parallelism < 1) {
                throw new IllegalArgumentException("--parallelism must be at least 1, got " + parallelism);
            }
        } catch (IllegalArgumentException e) {
            err.println("fathom jobs submit: " + e.getMessage());
            return 2;
        }
        try {
            String jarId = client.upload(jarFile);
            String jobId = client.run(jarId, entryClass, jobArgs, parallelism, savepoint);
            out.println("submitted " + PointsJob.NAME + " as job " + jobId + " to " + flinkRest + " (jar " + jarId + ")");
            out.flush();
            return 0;
        } catch (IOException e) {
            err.println("fathom jobs submit: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("fathom jobs submit: interrupted");
            return 1;
        }
    }

    /** The newest job jar in stream-jobs/target (from the repository root) or target (from the module). */
    static Path findJobJar(Path root) {
        for (Path dir : List.of(root.resolve("stream-jobs/target"), root.resolve("target"), root.resolve("lib"))) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    var found = files.filter(f -> f.getFileName().toString().matches("fathom-stream-jobs-.*-job\\.jar")).findFirst();
                    if (found.isPresent()) {
                        return found.get();
                    }
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot list " + dir + ": " + e.getMessage());
                }
            }
        }
        return root.resolve("stream-jobs/target/fathom-stream-jobs-<version>-job.jar");
    }
}
