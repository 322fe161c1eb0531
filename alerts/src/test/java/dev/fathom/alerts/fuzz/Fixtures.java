package dev.fathom.alerts.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The module's real captured test fixtures (src/test/resources), read as bytes. */
final class Fixtures {

    private Fixtures() {}

    /** Every file under the resource folder {@code folder} whose name ends with {@code suffix}, sorted. */
    static List<byte[]> under(String folder, String suffix) {
        try (Stream<Path> files = Files.walk(Path.of(Fixtures.class.getResource("/" + folder).toURI()))) {
            List<byte[]> all = files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted()
                    .map(Fixtures::read).toList();
            if (all.isEmpty()) {
                throw new IllegalStateException("no " + suffix + " fixtures under " + folder);
            }
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One resource file. */
    static byte[] read(String resource) {
        try (var in = Fixtures.class.getResourceAsStream("/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + resource);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
