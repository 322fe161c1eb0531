package dev.fathom.collectors.drift;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows a JSON-lines file of feature records as {@code tail -F} does: from its end (or, with
 * {@code fromStart}, from its first line), then what is appended; when the file is replaced or
 * truncated (log rotation) it starts again from the top of the new file. A partial last line waits until its newline arrives. Lines are handed to
 * the monitor as bytes, so a line that is not UTF-8 is counted, not fatal.
 */
public final class JsonLinesTail implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(JsonLinesTail.class);
    /** A line longer than this is no feature record: it is skipped up to its newline. */
    static final int MAX_LINE_BYTES = 1 << 20;

    private final Path file;
    private final DriftMonitor monitor;
    private final long pollMillis;
    private boolean skipExisting;
    private final Thread thread;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private volatile boolean running = true;
    private FileChannel channel;
    private Object fileKey;
    private long position;
    private long lineNumber;
    private boolean discardingToNewline;

    /**
     * @param fromStart read the lines already in the file when first opened (true), or only lines
     *                  appended from now on (false, as {@code tail -F -n 0})
     */
    public JsonLinesTail(Path file, DriftMonitor monitor, long pollMillis, boolean fromStart) {
        this.skipExisting = !fromStart;
        this.file = file;
        this.monitor = monitor;
        this.pollMillis = pollMillis;
        this.thread = new Thread(this::run, "drift-tail-" + file.getFileName());
        this.thread.setDaemon(true);
    }

    public JsonLinesTail start() {
        thread.start();
        return this;
    }

    private void run() {
        while (running) {
            try {
                readAvailable();
                monitor.closeDueWindows();
            } catch (IOException e) {
                log.warn("Cannot read feature records from {}: {}; retrying", file, e.toString());
                closeChannel();
            }
            try {
                Thread.sleep(pollMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            readAvailable();
        } catch (IOException e) {
            log.warn("Cannot read the rest of {}: {}", file, e.toString());
        }
        closeChannel();
    }

    /** Reads every complete line appended since the last call. Visible for tests. */
    synchronized void readAvailable() throws IOException {
        if (!reopenIfReplaced()) {
            return;
        }
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        while (true) {
            buffer.clear();
            int read = channel.read(buffer, position);
            if (read <= 0) {
                return;
            }
            position += read;
            for (int i = 0; i < read; i++) {
                byte b = buffer.get(i);
                if (b == '\n') {
                    endLine();
                } else if (!discardingToNewline) {
                    if (line.size() >= MAX_LINE_BYTES) {
                        log.warn("Line {} of {} is longer than {} bytes; skipped", lineNumber + 1, file, MAX_LINE_BYTES);
                        discardingToNewline = true;
                        line.reset();
                    } else {
                        line.write(b);
                    }
                }
            }
        }
    }

    private void endLine() {
        lineNumber++;
        if (!discardingToNewline) {
            byte[] bytes = line.toByteArray();
            if (!isBlank(bytes)) {
                monitor.accept(bytes, file.getFileName() + ":" + lineNumber);
            }
        }
        discardingToNewline = false;
        line.reset();
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Opens the file when it is new or was replaced; starts over when it shrank. False when absent. */
    private boolean reopenIfReplaced() throws IOException {
        Object key;
        long size;
        try {
            var attributes = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
            key = attributes.fileKey();
            size = attributes.size();
        } catch (NoSuchFileException e) {
            return channel != null;
        }
        boolean replaced = channel == null || (key != null && !key.equals(fileKey));
        if (replaced || size < position) {
            closeChannel();
            channel = FileChannel.open(file, StandardOpenOption.READ);
            fileKey = key;
            position = 0;
            lineNumber = 0;
            line.reset();
            discardingToNewline = false;
            if (skipExisting) {
                skipExistingLines(size);
            }
        }
        skipExisting = false;
        return true;
    }

    /** Starts after what the file holds now; a partial last line is skipped up to its newline. */
    private void skipExistingLines(long size) throws IOException {
        position = size;
        if (size > 0) {
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.read(last, size - 1);
            discardingToNewline = last.get(0) != '\n';
        }
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closing a read-only channel: nothing is lost.
            }
            channel = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        // No interrupt: it would close the file channel mid-read. The loop sees the flag within one poll.
        running = false;
        thread.join(pollMillis + 10_000);
    }
}
