package dev.fathom.collectors;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The captured /proc files under src/test/resources (see proc/SOURCE.txt). */
public final class ProcFixtures {

    private ProcFixtures() {}

    /** Real /proc/net/dev and /proc/diskstats from the build machine. */
    public static Path procRoot() {
        return resource("proc");
    }

    /** The same files with hand-broken lines. */
    public static Path malformedProcRoot() {
        return resource("proc-malformed");
    }

    private static Path resource(String name) {
        try {
            return Path.of(ProcFixtures.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
