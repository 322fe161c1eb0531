package dev.fathom.collectors.receiver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads request bodies without ever holding more than a limit: it stops reading at limit + 1
 * bytes, so a 1 GB body costs at most the limit in memory, and it bounds what gzip expands to the
 * same way, so a small gzip bomb is stopped as soon as its output passes the limit.
 */
final class BoundedBody {

    private BoundedBody() {}

    /** All of {@code in}, or {@link BodyTooLargeException} once more than {@code limit} bytes came. */
    static byte[] read(InputStream in, long limit, String what) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(limit, 64 * 1024));
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > limit) {
                throw new BodyTooLargeException(what + " is larger than the limit of " + limit + " bytes");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /** Reads and drops the rest of {@code in}; true when it ended within {@code limit} more bytes. */
    static boolean discard(InputStream in, long limit) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            total += n;
            if (total > limit) {
                return false;
            }
        }
        return true;
    }

    /** Decompresses gzip bytes, refusing output past {@code limit}. */
    static byte[] gunzip(byte[] compressed, long limit) throws IOException, BadRequestException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(compressed), 16 * 1024)) {
            return read(in, limit, "the decompressed request body");
        } catch (ZipException | java.io.EOFException e) {
            throw new BadRequestException("the body is not valid gzip (" + e.getMessage() + ")", e);
        }
    }
}
