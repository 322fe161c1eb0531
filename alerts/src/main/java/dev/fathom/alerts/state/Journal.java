package dev.fathom.alerts.state;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's durable state as an append-only JSON-lines file ({@code state.jsonl} in the data
 * directory): one record per change (an alert, a silence, a notification-log entry, a queued or
 * finished delivery), each forced to disk before the change counts. Replaying the file in order
 * rebuilds the state; later records win. A torn last line (power cut mid-write) is skipped with a
 * warning. {@link #rewrite} replaces the file by a snapshot of the live state (written to a
 * temporary file, forced, then atomically moved) so it does not grow without bound.
 */
public final class Journal implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(Journal.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private FileChannel channel;
    private long appendedSinceRewrite;
    private final Object forceLock = new Object();
    private long writes;
    private long forced;

    private Journal(Path file) throws IOException {
        this.file = file;
        this.channel = openChannel(file);
    }

    public static Journal open(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            return new Journal(dataDir.resolve("state.jsonl"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the state journal in " + dataDir, e);
        }
    }

    private static FileChannel openChannel(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** Every readable record in the file, oldest first. */
    public synchronized List<ObjectNode> replay() {
        List<ObjectNode> records = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(line);
                if (node instanceof ObjectNode object && object.hasNonNull("type")) {
                    records.add(object);
                    continue;
                }
            } catch (IOException e) {
                // fall through to the warning
            }
            log.warn("state journal {} line {} is not a record and is skipped (a write cut short?)", file, i + 1);
        }
        return records;
    }

    /** Appends one record and forces it to disk. */
    public void append(ObjectNode record) {
        appendAll(List.of(record));
    }

    /**
     * Appends records and returns once they are on disk. Writers on several threads share disk
     * flushes (group commit): a flush covers everything written before it began, so a writer
     * whose records an earlier flush already covered does not flush again.
     */
    public void appendAll(List<ObjectNode> records) {
        if (records.isEmpty()) {
            return;
        }
        long mine;
        synchronized (this) {
            try {
                StringBuilder lines = new StringBuilder();
                for (ObjectNode record : records) {
                    lines.append(JSON.writeValueAsString(record)).append('\n');
                }
                ByteBuffer bytes = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to the state journal " + file, e);
            }
            appendedSinceRewrite += records.size();
            mine = ++writes;
        }
        synchronized (forceLock) {
            if (forced >= mine) {
                return;
            }
            long covered;
            FileChannel target;
            synchronized (this) {
                covered = writes;
                target = channel;
            }
            try {
                target.force(false);
            } catch (java.nio.channels.ClosedChannelException e) {
                // rewritten meanwhile: the snapshot that replaced the file was forced whole
            } catch (IOException e) {
                throw new UncheckedIOException("cannot force the state journal " + file + " to disk", e);
            }
            forced = covered;
        }
    }

    public synchronized long appendedSinceRewrite() {
        return appendedSinceRewrite;
    }

    /**
     * Replaces the journal by a snapshot of the live state. The snapshot is taken while no record
     * can be appended, so none falls between the snapshot and the new file: owners update their
     * memory before they append, so a record appended earlier is in the snapshot, and one
     * appended later goes into the new file.
     */
    public synchronized void rewrite(java.util.function.Supplier<List<ObjectNode>> snapshotOfLiveState) {
        List<ObjectNode> snapshot = snapshotOfLiveState.get();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            for (ObjectNode record : snapshot) {
                ByteBuffer bytes = ByteBuffer.wrap((JSON.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
            }
            out.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a snapshot of the state journal " + file, e);
        }
        try {
            channel.close();
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            channel = openChannel(file);
            appendedSinceRewrite = 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace the state journal " + file, e);
        }
    }

    public static ObjectNode record(String type) {
        ObjectNode node = JSON.createObjectNode();
        node.put("type", type);
        return node;
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            log.warn("closing the state journal {} failed: {}", file, e.toString());
        }
    }
}
