package dev.fathom.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a child server in a session (and process group) of its own. Ctrl-C in a terminal signals
 * the whole foreground process group: a ClickHouse server in the JVM's group would stop at once,
 * before the JVM has stopped the Flink job whose last commit still needs it. Out of the group, it
 * is stopped by the JVM in order, and by its guardian if the JVM is killed.
 */
public final class OwnSession {

    /** util-linux's setsid: it execs the command in place, so the process id stays the server's. */
    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private OwnSession() {}

    /** {@code command} prefixed with setsid where it exists; unchanged elsewhere. */
    public static List<String> command(List<String> command) {
        if (!Files.isExecutable(SETSID)) {
            return command;
        }
        List<String> full = new ArrayList<>(command.size() + 1);
        full.add(SETSID.toString());
        full.addAll(command);
        return full;
    }

    /** The process group of {@code pid} from /proc (-1 where it cannot be read). */
    public static long processGroup(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // pid (comm) state ppid pgrp ...; comm may hold spaces, so count from its closing parenthesis.
            String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(after[2]);
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }
}
