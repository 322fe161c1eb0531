package dev.fathom.storage.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One versioned schema file, {@code schema/NNN_name.sql} on the classpath: plain SQL any
 * ClickHouse client can run, statements separated by a semicolon at the end of a line.
 */
public record SchemaFile(String version, String sql) {

    private static final Pattern NAME = Pattern.compile("\\d{3}_[a-z0-9_]+\\.sql");
    private static final Pattern STATEMENT_END = Pattern.compile(";\\s*(\\r?\\n|$)");

    /** Every schema file, ordered by version. */
    public static List<SchemaFile> all() {
        URL dir = SchemaFile.class.getClassLoader().getResource("schema");
        if (dir == null) {
            throw new IllegalStateException("no schema/ directory on the classpath");
        }
        try {
            URI uri = dir.toURI();
            if ("jar".equals(uri.getScheme())) {
                try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                    return read(jar.getPath("schema"));
                } catch (java.nio.file.FileSystemAlreadyExistsException e) {
                    return read(FileSystems.getFileSystem(uri).getPath("schema"));
                }
            }
            return read(Path.of(uri));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema files", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<SchemaFile> read(Path dir) throws IOException {
        List<SchemaFile> files = new ArrayList<>();
        try (Stream<Path> paths = Files.list(dir)) {
            for (Path path : paths.sorted().toList()) {
                String name = path.getFileName().toString();
                if (!NAME.matcher(name).matches()) {
                    throw new IllegalStateException("schema file " + name + " is not named NNN_lowercase_name.sql");
                }
                try (InputStream in = Files.newInputStream(path)) {
                    files.add(new SchemaFile(name.substring(0, name.length() - 4), new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                }
            }
        }
        return files;
    }

    /** The file's statements without comments-only fragments. */
    public List<String> statements() {
        List<String> statements = new ArrayList<>();
        for (String part : STATEMENT_END.split(sql)) {
            String withoutComments = part.lines().filter(l -> !l.trim().startsWith("--")).reduce("", (a, b) -> a + b + "\n").trim();
            if (!withoutComments.isEmpty()) {
                statements.add(withoutComments);
            }
        }
        return statements;
    }

    /** SHA-256 of the file, recorded so a changed applied file can be spotted. */
    public String checksum() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sql.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
