package dev.fathom.storage.clickhouse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A request body written by one thread while the HTTP client sends it from another: the caller
 * encodes the next rows while ClickHouse parses the previous ones. At most a few chunks wait in
 * between, so a large batch is never held twice in memory.
 *
 * <p>{@link #abort} ends the body with {@link #TRUNCATED_ROW}, a fragment shorter than any row:
 * the server reads whole rows up to it and then fails on it, so it writes nothing of the INSERT.
 * (Ending or breaking off the request at a row boundary is not enough: ClickHouse may take what
 * it has parsed as the whole body.)
 */
final class StreamedBody {

    private static final byte[] END = new byte[0];
    /**
     * One byte, where a row needs more: as a leading String's length it promises 127 bytes that
     * never come; as any other leading column it is too short. Every chunk before it holds whole rows.
     */
    static final byte[] TRUNCATED_ROW = {0x7F};
    private static final int CHUNKS_IN_FLIGHT = 4;

    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(CHUNKS_IN_FLIGHT + 2);

    /** What the HTTP client reads. */
    InputStream input() {
        return new InputStream() {
            private byte[] current = new byte[0];
            private int position;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] target, int offset, int length) throws IOException {
                while (position == current.length) {
                    if (current == END) {
                        return -1;
                    }
                    current = next();
                    position = 0;
                }
                int n = Math.min(length, current.length - position);
                System.arraycopy(current, position, target, offset, n);
                position += n;
                return n;
            }

            private byte[] next() throws IOException {
                try {
                    return chunks.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for the request body", e);
                }
            }
        };
    }

    /**
     * What the caller writes; {@code close()} ends the body. Writing fails when {@code request}
     * ends first (the server answered, or the connection broke, before the body was sent).
     */
    OutputStream output(Future<?> request) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                if (length > 0) {
                    put(Arrays.copyOfRange(bytes, offset, offset + length), request);
                }
            }

            @Override
            public void close() throws IOException {
                put(END, request);
            }
        };
    }

    /**
     * Ends the body with a truncated row instead of the rest, so the server refuses the INSERT.
     * Called by the writing thread: chunks not yet taken by the sender are dropped.
     */
    void abort() {
        chunks.clear();
        chunks.offer(TRUNCATED_ROW);
        chunks.offer(END);
    }

    private void put(byte[] chunk, Future<?> request) throws IOException {
        try {
            while (!chunks.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                if (request.isDone()) {
                    throw new IOException("the request ended before its body was sent");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending the request body", e);
        }
    }
}
