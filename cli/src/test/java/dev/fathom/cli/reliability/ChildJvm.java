package dev.fathom.cli.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A JVM started by the suite, with its output in a log file; killed with SIGKILL or stopped with SIGTERM. */
final class ChildJvm implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * The classpath the `fathom` script runs (the packaged CLI jar and its resolved dependencies),
     * where the build has written it; else this test JVM's own.
     */
    static String fathomClasspath() throws IOException {
        String jar = System.getProperty("fathom.cli.jar");
        String deps = System.getProperty("fathom.cli.classpath");
        if (jar != null && deps != null && Files.exists(Path.of(jar)) && Files.exists(Path.of(deps))) {
            return jar + ":" + Files.readString(Path.of(deps)).trim();
        }
        return System.getProperty("java.class.path");
    }

    static ChildJvm start(String name, Path log, String classpath, List<String> jvmOptions, String mainClass, List<String> args)
            throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classpath, mainClass));
        command.addAll(args);
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        // Should the test JVM end without closing it (a timeout, Ctrl-C), the child goes with it.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "stop-" + name));
        return new ChildJvm(name, process, log);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    /** Waits until the log holds {@code text}; fails with the log when the process exits first or time runs out. */
    void awaitLog(String text, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (logText().contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before '" + text + "':\n" + tail());
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " did not log '" + text + "' within " + seconds + " s:\n" + tail());
    }

    String tail() {
        String text = logText();
        return text.substring(Math.max(0, text.length() - 4000));
    }

    /** SIGKILL, as the kernel's OOM killer or a lost machine would: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then SIGKILL after 30 s. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
