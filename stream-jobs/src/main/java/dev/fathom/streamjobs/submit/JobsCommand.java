package dev.fathom.streamjobs.submit;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code fathom jobs ...}: the stream jobs on a Flink cluster. {@link #main} lets the job jar
 * itself submit ({@code java -cp fathom-stream-jobs-*-job.jar dev.fathom.streamjobs.submit.JobsCommand
 * submit --flink-rest URL ...}), which deploy/flink/session-cluster.sh uses.
 */
@Command(name = "jobs", mixinStandardHelpOptions = true, subcommands = SubmitJobCommand.class,
        description = "Run Fathom's stream jobs on a Flink cluster.")
public final class JobsCommand {

    public static void main(String[] args) {
        System.exit(new CommandLine(new JobsCommand()).execute(args));
    }
}
