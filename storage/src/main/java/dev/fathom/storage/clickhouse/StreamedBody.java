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
 * <p>{@link #abort} makes the sending side fail instead of ending the body, so the server sees a
 * broken request and writes nothing of it.
 */
final class StreamedBody {

    private static final byte[] END = new byte[0];
    private static final int CHUNKS_IN_FLIGHT = 4;

    private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(CHUNKS_IN_FLIGHT + 1);
    private volatile IOException failure;

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
                    byte[] chunk = chunks.take();
                    if (failure != null) {
                        throw failure;
                    }
                    return chunk;
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

    /** Makes the sending side fail: the request is broken off, not ended. */
    void abort(Exception cause) {
        failure = new IOException("request body broken off: " + cause.getMessage(), cause);
        chunks.clear();
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
