package dev.fathom.collectors.host;

import java.io.Closeable;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Files of /sys and /proc read every interval, kept open between reads: sysfs and procfs make
 * fresh content on every read from offset 0, so a positioned read replaces open, read and close
 * (and the path handling around them) with one system call. A file whose read fails (its device
 * went away, or the link is down and the kernel answers EINVAL) is opened again once, as a fresh
 * read would; what still fails is a missing value. Files not read during a cycle
 * ({@link #endCycle}) are closed, so devices that disappear do not keep descriptors.
 *
 * <p>Not thread-safe: one source reads it.
 */
final class PolledFiles implements Closeable {

    private final Map<Path, FileChannel> open = new HashMap<>();
    private final Set<Path> readThisCycle = new HashSet<>();
    private ByteBuffer buffer = ByteBuffer.allocate(4096);
    /** 18446744073709551615 (2^64-1) has 20 digits. */
    private static final int MAX_DIGITS = 20;

    /**
     * The whole file in a shared buffer (position 0, limit = length), valid until the next read;
     * null when the file is absent or cannot be read.
     */
    ByteBuffer read(Path file) {
        readThisCycle.add(file);
        FileChannel channel = open.get(file);
        if (channel != null) {
            if (readInto(channel)) {
                return buffer;
            }
            close(file);
        }
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return null;
        }
        if (readInto(channel)) {
            open.put(file, channel);
            return buffer;
        }
        closeQuietly(channel);
        return null;
    }

    private boolean readInto(FileChannel channel) {
        buffer.clear();
        long position = 0;
        try {
            while (true) {
                int read = channel.read(buffer, position);
                if (read <= 0) {
                    break;
                }
                position += read;
                if (!buffer.hasRemaining()) {
                    ByteBuffer larger = ByteBuffer.allocate(buffer.capacity() * 2);
                    buffer.flip();
                    larger.put(buffer);
                    buffer = larger;
                }
            }
        } catch (IOException e) {
            return false;
        }
        buffer.flip();
        return true;
    }

    /** The file as text (UTF-8, stripped), or null when it cannot be read. */
    String text(Path file) {
        ByteBuffer bytes = read(file);
        return bytes == null ? null
                : new String(bytes.array(), 0, bytes.limit(), StandardCharsets.UTF_8).strip();
    }

    /** The number in the file, NaN when it is absent or cannot be read (e.g. speed of a link that is down: EINVAL). */
    double number(Path file) {
        try {
            return strictNumber(file);
        } catch (IllegalArgumentException e) {
            return Double.NaN;
        }
    }

    /**
     * The integer in the file (surrounding white space allowed, at most 20 digits: the kernel's
     * values are 64-bit), NaN when it is absent or unreadable.
     *
     * @throws IllegalArgumentException when it holds something that is not such an integer
     */
    double strictNumber(Path file) {
        return parseNumber(file, true);
    }

    /**
     * The counter in the file: like {@link #strictNumber} but without a sign.
     *
     * @throws IllegalArgumentException when it holds something that is not an unsigned integer
     */
    double strictCounter(Path file) {
        return parseNumber(file, false);
    }

    private double parseNumber(Path file, boolean signed) {
        ByteBuffer bytes = read(file);
        if (bytes == null) {
            return Double.NaN;
        }
        byte[] array = bytes.array();
        int start = 0;
        int end = bytes.limit();
        while (start < end && Character.isWhitespace(array[start])) {
            start++;
        }
        while (end > start && Character.isWhitespace(array[end - 1])) {
            end--;
        }
        boolean negative = signed && start < end && array[start] == '-';
        int digits = negative ? start + 1 : start;
        if (digits == end) {
            throw notANumber(file, array, start, end, "is not a number");
        }
        long value = 0;
        for (int i = digits; i < end; i++) {
            byte b = array[i];
            if (b < '0' || b > '9') {
                throw notANumber(file, array, start, end, "is not a number");
            }
            value = value * 10 + (b - '0');
        }
        if (end - digits > MAX_DIGITS) {
            // Past any 64-bit value: as a double it would be a meaningless huge number or Infinity.
            throw notANumber(file, array, start, end, "has more digits than a 64-bit value");
        }
        if (end - digits > 18) {
            // Counters are unsigned 64-bit; a double holds them exactly up to 2^53, ample for rates.
            BigInteger big = new BigInteger(new String(array, start, end - start, StandardCharsets.US_ASCII));
            if (big.abs().bitLength() > Long.SIZE) {
                throw notANumber(file, array, start, end, "is larger than a 64-bit value");
            }
            return big.doubleValue();
        }
        return negative ? -value : value;
    }

    private static IllegalArgumentException notANumber(Path file, byte[] array, int start, int end, String problem) {
        return new IllegalArgumentException(file + ": '"
                + ProcText.quote(new String(array, start, end - start, StandardCharsets.UTF_8)) + "' " + problem);
    }

    /** Closes the files not read since the last call. */
    void endCycle() {
        Iterator<Map.Entry<Path, FileChannel>> it = open.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Path, FileChannel> entry = it.next();
            if (!readThisCycle.contains(entry.getKey())) {
                closeQuietly(entry.getValue());
                it.remove();
            }
        }
        readThisCycle.clear();
    }

    /** How many files are open now. */
    int openFiles() {
        return open.size();
    }

    private void close(Path file) {
        FileChannel channel = open.remove(file);
        if (channel != null) {
            closeQuietly(channel);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing was written
        }
    }

    @Override
    public void close() {
        open.values().forEach(PolledFiles::closeQuietly);
        open.clear();
    }
}
