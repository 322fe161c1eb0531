package dev.fathom.collectors.spool;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded first-in-first-out queue of Kafka records on disk, so that records survive a broker
 * outage and a collector restart. Records are appended to segment files
 * ({@code segment-<first sequence>.spool}); the sender reads them in order with {@link #peek} and
 * marks them delivered with {@link #commit}, which is kept in the file {@code committed}. A
 * segment whose records are all delivered is deleted.
 *
 * <p>When an append would take the spool over its size, the oldest segments are deleted and their
 * undelivered records counted as dropped: the newest data is worth most to a monitoring system.
 *
 * <p>Each record carries a CRC-32C; a record cut short by a crash at the end of the last segment
 * is cut off at the next open, a damaged one elsewhere ends its segment (both logged and counted
 * as dropped). Appends are written to the OS at once, so a killed process loses nothing; with
 * {@code fsync} they are also forced to the device, so a power cut loses nothing either.
 *
 * <p>Record layout: {@code int length, int crc32c, long sequence, int points, int keyLength (-1 for
 * no key), key, value}, big-endian, the CRC over everything after itself.
 */
public final class DiskSpool implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(DiskSpool.class);

    static final int HEADER_BYTES = 4 + 4 + 8 + 4 + 4;
    private static final String SEGMENT_PREFIX = "segment-";
    private static final String SEGMENT_SUFFIX = ".spool";
    private static final String COMMITTED_FILE = "committed";
    private static final String LOCK_FILE = "lock";

    private final Path directory;
    private final long maxBytes;
    private final long segmentBytes;
    private final boolean fsync;
    private final Deque<Segment> segments = new ArrayDeque<>();
    private FileChannel tail;
    private FileChannel lockChannel;
    private long nextSequence;
    private long committed;
    private long droppedRecords;
    private long droppedPoints;
    /** The newest sequence the last peek handed to the sender: those records may be on their way to Kafka. */
    private long peekedThrough;
    /**
     * Records dropped for space while the sender had them in flight (sequence to points). They are
     * counted as dropped only if their delivery then fails; a commit past them means Kafka has them.
     */
    private final java.util.TreeMap<Long, Integer> droppedInFlight = new java.util.TreeMap<>();
    private boolean closed;
    /** Where the oldest undelivered record starts, so a peek does not re-read delivered ones; null: scan from the first segment. */
    private Segment cursorSegment;
    private long cursorOffset;
    /** Where each record of the last peek ends, to move the cursor on commit. */
    private final java.util.Map<Long, Object[]> lastPeek = new java.util.HashMap<>();
    /**
     * The newest appended records not yet delivered, also kept in memory (up to
     * {@link #MEMORY_BYTES}) so that while the broker keeps up the sender reads them from here
     * rather than from the segment file. Always a run of consecutive sequences ending at the
     * newest record; peek uses it only when it starts right after the committed one.
     */
    private final Deque<InMemory> memory = new ArrayDeque<>();
    private long memoryBytes;
    static final long MEMORY_BYTES = 8L * 1024 * 1024;
    /** The committed file, kept open: each commit is one small write at offset 0. */
    private FileChannel committedChannel;
    private final ByteBuffer committedBuffer = ByteBuffer.allocate(COMMITTED_WIDTH);
    /** 20 digits and a newline: every long fits, and each write covers what the last one wrote. */
    private static final int COMMITTED_WIDTH = 21;

    /** A record in memory and where it ends in its segment (to move the read cursor on commit). */
    private record InMemory(SpooledRecord record, Segment segment, long endOffset) {}

    /** One segment file and what it holds. */
    private static final class Segment {
        final Path path;
        final long firstSequence;
        long lastSequence;
        long bytes;
        long records;

        Segment(Path path, long firstSequence) {
            this.path = path;
            this.firstSequence = firstSequence;
            this.lastSequence = firstSequence - 1;
        }
    }

    private DiskSpool(Path directory, long maxBytes, long segmentBytes, boolean fsync) {
        this.directory = directory;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
        this.fsync = fsync;
    }

    /**
     * Opens (or creates) the spool in {@code directory}, finding what an earlier run left there.
     *
     * @param maxBytes the most the segment files may hold together, at least 64 KiB
     * @param fsync force every append to the device (slower; survives power loss)
     */
    public static DiskSpool open(Path directory, long maxBytes, boolean fsync) throws IOException {
        if (maxBytes < 64 * 1024) {
            throw new IllegalArgumentException("spool size must be at least 64 KiB, was " + maxBytes + " bytes");
        }
        // Eight segments or more: dropping the oldest drops at most an eighth of the spool.
        long segmentBytes = Math.max(16 * 1024, Math.min(64L * 1024 * 1024, maxBytes / 8));
        DiskSpool spool = new DiskSpool(directory, maxBytes, segmentBytes, fsync);
        Files.createDirectories(directory);
        spool.lock();
        try {
            spool.recover();
        } catch (IOException | RuntimeException e) {
            spool.unlock();
            throw e;
        }
        return spool;
    }

    /** Two processes on one spool would send and delete each other's records: the second one is refused. */
    private void lock() throws IOException {
        FileChannel channel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        java.nio.channels.FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IOException("the spool " + directory + " is in use by another collector or receiver");
        }
        lockChannel = channel;
    }

    private void unlock() {
        try {
            if (lockChannel != null) {
                lockChannel.close(); // releases the lock
            }
        } catch (IOException e) {
            log.debug("releasing the spool lock: {}", e.toString());
        }
    }

    private void recover() throws IOException {
        Path committedFile = directory.resolve(COMMITTED_FILE);
        committed = 0;
        if (Files.exists(committedFile)) {
            String text = Files.readString(committedFile, StandardCharsets.US_ASCII).strip();
            try {
                committed = Long.parseLong(text);
            } catch (NumberFormatException e) {
                // Only a power cut mid-write does this; resending is safe, losing is not.
                log.warn("Spool {}: the committed position '{}' cannot be read; every spooled record is sent again",
                        directory, text);
            }
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(directory)) {
            files = list.filter(p -> p.getFileName().toString().startsWith(SEGMENT_PREFIX)
                    && p.getFileName().toString().endsWith(SEGMENT_SUFFIX)).sorted().toList();
        }
        nextSequence = committed + 1;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            String name = file.getFileName().toString();
            long first = Long.parseLong(name.substring(SEGMENT_PREFIX.length(), name.length() - SEGMENT_SUFFIX.length()));
            Segment segment = new Segment(file, first);
            long validBytes = scan(segment);
            long size = Files.size(file);
            if (validBytes < size) {
                boolean last = i == files.size() - 1;
                log.warn("Spool segment {} has {} damaged byte(s) after offset {}{}", file, size - validBytes, validBytes,
                        last ? "; a write cut short by a crash, cut off" : "; the rest of that segment is skipped");
                if (last) {
                    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        channel.truncate(validBytes);
                    }
                }
            }
            if (segment.records == 0 || segment.lastSequence <= committed) {
                Files.deleteIfExists(file);
                continue;
            }
            segments.addLast(segment);
            nextSequence = Math.max(nextSequence, segment.lastSequence + 1);
        }
        if (!segments.isEmpty()) {
            log.info("Spool {} holds {} undelivered record(s) from an earlier run", directory, pendingRecords());
        }
    }

    /** Counts a segment's valid records; returns the offset where valid data ends. */
    private long scan(Segment segment) throws IOException {
        long offset = 0;
        try (FileChannel channel = FileChannel.open(segment.path, StandardOpenOption.READ)) {
            while (true) {
                SpooledRecord record = readAt(channel, offset);
                if (record == null) {
                    return offset;
                }
                segment.records++;
                segment.lastSequence = record.sequence();
                offset += record.sizeOnDisk();
                segment.bytes = offset;
            }
        }
    }

    /** The record at {@code offset}, or null at the end or at a damaged record. */
    private static SpooledRecord readAt(FileChannel channel, long offset) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(8);
        if (readFully(channel, head, offset) < 8) {
            return null;
        }
        head.flip();
        int length = head.getInt();
        int crc = head.getInt();
        if (length < HEADER_BYTES - 8 || length > 256 * 1024 * 1024) {
            return null;
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        if (readFully(channel, body, offset + 8) < length) {
            return null;
        }
        CRC32C checksum = new CRC32C();
        checksum.update(body.array(), 0, length);
        if ((int) checksum.getValue() != crc) {
            return null;
        }
        body.flip();
        long sequence = body.getLong();
        int points = body.getInt();
        int keyLength = body.getInt();
        if (keyLength < -1 || keyLength > body.remaining()) {
            return null;
        }
        byte[] key = null;
        if (keyLength >= 0) {
            key = new byte[keyLength];
            body.get(key);
        }
        byte[] value = new byte[body.remaining()];
        body.get(value);
        return new SpooledRecord(sequence, points, key, value);
    }

    private static int readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        int total = 0;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, position + total);
            if (read < 0) {
                break;
            }
            total += read;
        }
        return total;
    }

    /**
     * Appends a record; when the spool would grow past its size, the oldest segments go first.
     *
     * @return the record's sequence number
     * @throws IllegalArgumentException when the record alone is larger than a segment may be
     */
    public synchronized long append(byte[] key, byte[] value, int points) throws IOException {
        if (closed) {
            throw new IllegalStateException("spool " + directory + " is closed");
        }
        int size = HEADER_BYTES + (key == null ? 0 : key.length) + value.length;
        if (size > segmentBytes && size > maxBytes / 2) {
            droppedRecords++;
            droppedPoints += points;
            throw new IllegalArgumentException("a record of " + size + " bytes does not fit a spool of " + maxBytes + " bytes");
        }
        while (!segments.isEmpty() && totalBytes() + size > maxBytes) {
            dropOldestSegment();
        }
        Segment last = segments.peekLast();
        if (last == null || tail == null || last.bytes + size > segmentBytes) {
            roll();
            last = segments.peekLast();
        }
        long sequence = nextSequence++;
        ByteBuffer buffer = ByteBuffer.allocate(size);
        buffer.putInt(size - 8).putInt(0).putLong(sequence).putInt(points);
        buffer.putInt(key == null ? -1 : key.length);
        if (key != null) {
            buffer.put(key);
        }
        buffer.put(value);
        CRC32C checksum = new CRC32C();
        checksum.update(buffer.array(), 8, size - 8);
        buffer.putInt(4, (int) checksum.getValue());
        buffer.flip();
        while (buffer.hasRemaining()) {
            tail.write(buffer);
        }
        if (fsync) {
            tail.force(false);
        }
        last.records++;
        last.bytes += size;
        last.lastSequence = sequence;
        memory.addLast(new InMemory(new SpooledRecord(sequence, points, key, value), last, last.bytes));
        memoryBytes += size;
        while (memoryBytes > MEMORY_BYTES && memory.size() > 1) {
            memoryBytes -= memory.pollFirst().record().sizeOnDisk();
        }
        notifyAll();
        return sequence;
    }

    private void roll() throws IOException {
        if (tail != null) {
            tail.close();
        }
        Path path = directory.resolve(String.format("%s%020d%s", SEGMENT_PREFIX, nextSequence, SEGMENT_SUFFIX));
        tail = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        segments.addLast(new Segment(path, nextSequence));
    }

    private void dropOldestSegment() throws IOException {
        Segment oldest = segments.pollFirst();
        long undelivered = 0;
        long points = 0;
        long inFlight = 0;
        try (FileChannel channel = FileChannel.open(oldest.path, StandardOpenOption.READ)) {
            long offset = 0;
            SpooledRecord record;
            while ((record = readAt(channel, offset)) != null) {
                if (record.sequence() > committed && record.sequence() <= peekedThrough) {
                    droppedInFlight.put(record.sequence(), record.points());
                    inFlight++;
                } else if (record.sequence() > committed) {
                    undelivered++;
                    points += record.points();
                }
                offset += record.sizeOnDisk();
            }
        }
        if (segments.isEmpty() && tail != null) {
            tail.close();
            tail = null;
        }
        if (cursorSegment == oldest) {
            cursorSegment = null;
            cursorOffset = 0;
        }
        lastPeek.clear();
        Files.deleteIfExists(oldest.path);
        droppedRecords += undelivered;
        droppedPoints += points;
        committed = Math.max(committed, oldest.lastSequence);
        forgetDelivered();
        writeCommitted();
        log.warn("Spool {} is full ({} bytes): dropped its oldest {} undelivered record(s) ({} points){}",
                directory, maxBytes, undelivered, points,
                inFlight == 0 ? "" : "; " + inFlight + " more were already on their way to Kafka and count as dropped only if "
                        + "their delivery fails");
    }

    /**
     * The oldest undelivered records, in order, up to {@code maxRecords} and about
     * {@code maxBytes}; at least one if any is waiting.
     */
    public synchronized List<SpooledRecord> peek(int maxRecords, long maxBytes) throws IOException {
        settleDroppedInFlight();
        List<SpooledRecord> records = peekRecords(maxRecords, maxBytes);
        if (!records.isEmpty()) {
            peekedThrough = records.get(records.size() - 1).sequence();
        }
        return records;
    }

    /**
     * The sender peeks again only after its last batch was committed or failed: records dropped in
     * flight and not committed since did not reach Kafka, so now they count as dropped.
     */
    private void settleDroppedInFlight() {
        for (Integer points : droppedInFlight.values()) {
            droppedRecords++;
            droppedPoints += points;
        }
        droppedInFlight.clear();
    }

    private List<SpooledRecord> peekRecords(int maxRecords, long maxBytes) throws IOException {
        List<SpooledRecord> records = new ArrayList<>();
        lastPeek.clear();
        long bytes = 0;
        InMemory oldest = memory.peekFirst();
        if (oldest != null && oldest.record().sequence() == committed + 1) {
            for (InMemory held : memory) {
                int size = held.record().sizeOnDisk();
                if (!records.isEmpty() && (records.size() >= maxRecords || bytes + size > maxBytes)) {
                    break;
                }
                records.add(held.record());
                lastPeek.put(held.record().sequence(), new Object[] {held.segment(), held.endOffset()});
                bytes += size;
            }
            return records;
        }
        boolean started = cursorSegment == null;
        for (Segment segment : segments) {
            if (!started && segment != cursorSegment) {
                continue;
            }
            long offset = started ? 0 : cursorOffset;
            started = true;
            if (segment.lastSequence <= committed) {
                continue;
            }
            try (FileChannel channel = FileChannel.open(segment.path, StandardOpenOption.READ)) {
                SpooledRecord record;
                while ((record = readAt(channel, offset)) != null) {
                    offset += record.sizeOnDisk();
                    if (record.sequence() <= committed) {
                        continue;
                    }
                    if (!records.isEmpty() && (records.size() >= maxRecords || bytes + record.sizeOnDisk() > maxBytes)) {
                        return records;
                    }
                    records.add(record);
                    lastPeek.put(record.sequence(), new Object[] {segment, offset});
                    bytes += record.sizeOnDisk();
                }
            }
        }
        return records;
    }

    /** Waits until a record is waiting or the timeout passes. */
    public synchronized void awaitRecords(long timeoutMillis) throws InterruptedException {
        if (pendingRecords() == 0 && !closed) {
            wait(timeoutMillis);
        }
    }

    /** Marks every record up to and including {@code sequence} delivered; deletes finished segments. */
    public synchronized void commit(long sequence) throws IOException {
        // Records dropped for space while in flight reached Kafka after all.
        droppedInFlight.headMap(sequence, true).clear();
        if (sequence <= committed) {
            return;
        }
        committed = sequence;
        forgetDelivered();
        writeCommitted();
        Object[] position = lastPeek.get(sequence);
        if (position != null) {
            cursorSegment = (Segment) position[0];
            cursorOffset = (Long) position[1];
        }
        lastPeek.clear();
        Iterator<Segment> it = segments.iterator();
        while (it.hasNext()) {
            Segment segment = it.next();
            boolean isTail = segment == segments.peekLast();
            if (segment.lastSequence <= committed && !isTail) {
                Files.deleteIfExists(segment.path);
                it.remove();
                if (segment == cursorSegment) {
                    cursorSegment = null;
                    cursorOffset = 0;
                }
            }
        }
    }

    private void forgetDelivered() {
        while (!memory.isEmpty() && memory.peekFirst().record().sequence() <= committed) {
            memoryBytes -= memory.pollFirst().record().sizeOnDisk();
        }
    }

    /**
     * One write of a fixed-width number at offset 0 of a file kept open: a killed process cannot
     * leave half of it. (A power cut could; the next open then sends everything again rather than
     * losing anything.)
     */
    private void writeCommitted() throws IOException {
        if (committedChannel == null) {
            committedChannel = FileChannel.open(directory.resolve(COMMITTED_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
        }
        committedBuffer.clear();
        String digits = Long.toString(committed);
        for (int i = digits.length(); i < COMMITTED_WIDTH - 1; i++) {
            committedBuffer.put((byte) '0');
        }
        committedBuffer.put(digits.getBytes(StandardCharsets.US_ASCII)).put((byte) '\n').flip();
        int position = 0;
        while (committedBuffer.hasRemaining()) {
            position += committedChannel.write(committedBuffer, position);
        }
    }

    /** Records appended and not yet delivered. */
    public synchronized long pendingRecords() {
        long pending = 0;
        for (Segment segment : segments) {
            if (segment.lastSequence > committed) {
                pending += segment.lastSequence - Math.max(committed, segment.firstSequence - 1);
            }
        }
        return pending;
    }

    /** Bytes the segment files hold (delivered records of the newest segment included). */
    public synchronized long totalBytes() {
        long total = 0;
        for (Segment segment : segments) {
            total += segment.bytes;
        }
        return total;
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** Undelivered records deleted because the spool was full (or a record was too big for it). */
    public synchronized long droppedRecords() {
        return droppedRecords;
    }

    public synchronized long droppedPoints() {
        return droppedPoints;
    }

    public Path directory() {
        return directory;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        notifyAll();
        try {
            if (tail != null) {
                tail.force(false);
                tail.close();
            }
            if (committedChannel != null) {
                committedChannel.close();
            }
        } catch (IOException e) {
            unlock();
            throw new UncheckedIOException("cannot close spool segment in " + directory, e);
        }
        unlock();
    }
}
