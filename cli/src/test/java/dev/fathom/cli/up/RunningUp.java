package dev.fathom.cli.up;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A running `fathom up` whose terminal output goes to a file, read as it grows. */
record RunningUp(Process process, Path outputFile) {

    /** `fathom up` as the script runs it, in a JVM of its own, with the given options. */
    static List<String> upCommand(Path varDir, String... options) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("fathom.cli.jar") + ":" + Files.readString(Path.of(System.getProperty("fathom.cli.classpath"))).trim();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx1g", "-Dfathom.log.dir=" + varDir.resolve("log"),
                "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                "-cp", classpath, "dev.fathom.cli.Fathom", "up",
                "--home", System.getProperty("fathom.home"), "--var", varDir.toString()));
        command.addAll(List.of(options));
        return command;
    }

    static RunningUp start(List<String> command, Path varDir) throws IOException {
        Files.createDirectories(varDir);
        Path outputFile = Files.createTempFile(varDir, "terminal-", ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(outputFile.toFile()).start();
        return new RunningUp(process, outputFile);
    }

    String output() {
        try {
            return Files.readString(outputFile);
        } catch (IOException e) {
            return "(cannot read " + outputFile + ": " + e + ")";
        }
    }

    void awaitLine(String text, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (output().contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("fathom up exited with " + process.exitValue() + ":\n" + output());
            }
            Thread.sleep(200);
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new AssertionError("no '" + text + "' within " + seconds + " s:\n" + output());
    }

    void awaitExit(int seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("fathom up did not stop within " + seconds + " s:\n" + output());
        }
        assertThat(process.exitValue()).as("exit code; output:\n%s", output()).isZero();
    }
}
