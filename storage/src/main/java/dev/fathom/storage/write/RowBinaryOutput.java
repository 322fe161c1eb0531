package dev.fathom.storage.write;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * ClickHouse's RowBinary encoding into a growing byte array: little-endian numbers, strings and
 * arrays prefixed by their LEB128 length. LowCardinality and Enum columns take their plain value
 * (String, Int8) on 18.16 and on current servers alike.
 */
public final class RowBinaryOutput {

    // Whole little-endian words at once instead of a byte at a time: encoding is the writer's
    // share of an insert, so it is kept well below the server's.
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] buf;
    private int size;

    public RowBinaryOutput(int initialCapacity) {
        buf = new byte[Math.max(64, initialCapacity)];
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    /** Writes what is buffered to {@code out} and starts over, keeping the buffer. */
    public void drainTo(OutputStream out) throws IOException {
        out.write(buf, 0, size);
        size = 0;
    }

    public RowBinaryOutput uint8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    /** Enum8 values travel as their Int8 code. */
    public RowBinaryOutput int8(int v) {
        return uint8(v);
    }

    public RowBinaryOutput uint16(int v) {
        ensure(2);
        buf[size++] = (byte) v;
        buf[size++] = (byte) (v >>> 8);
        return this;
    }

    public RowBinaryOutput uint32(long v) {
        ensure(4);
        INT.set(buf, size, (int) v);
        size += 4;
        return this;
    }

    /** UInt64 or Int64: the same 8 bytes (Java's long holds the unsigned value's bits). */
    public RowBinaryOutput int64(long v) {
        ensure(8);
        LONG.set(buf, size, v);
        size += 8;
        return this;
    }

    public RowBinaryOutput float64(double v) {
        return int64(Double.doubleToRawLongBits(v));
    }

    /** DateTime: seconds since the epoch as UInt32. */
    public RowBinaryOutput dateTime(long epochSeconds) {
        if (epochSeconds < 0 || epochSeconds > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("time " + epochSeconds + " s is outside ClickHouse's DateTime range");
        }
        return uint32(epochSeconds);
    }

    /**
     * Decimal(18, scale): the unscaled value as Int64. A value with more decimals than the column
     * keeps is refused rather than silently rounded: money must add up.
     */
    public RowBinaryOutput decimal64(BigDecimal v, int scale) {
        BigDecimal scaled;
        try {
            scaled = v.setScale(scale, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("amount " + v.toPlainString() + " has more than " + scale + " decimals", e);
        }
        if (scaled.precision() > 18) {
            throw new IllegalArgumentException("amount " + v.toPlainString() + " does not fit Decimal(18, " + scale + ")");
        }
        return int64(scaled.unscaledValue().longValueExact());
    }

    public RowBinaryOutput string(String v) {
        // Metric names, units and labels are nearly always ASCII: copy the chars without a
        // byte[] per string, and fall back to UTF-8 encoding at the first other char.
        int length = v.length();
        int start = size;
        varUInt(length);
        ensure(length);
        int i = 0;
        for (; i < length; i++) {
            char c = v.charAt(i);
            if (c >= 0x80) {
                break;
            }
            buf[size++] = (byte) c;
        }
        if (i == length) {
            return this;
        }
        size = start;
        byte[] bytes = v.getBytes(StandardCharsets.UTF_8);
        varUInt(bytes.length);
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
        return this;
    }

    public RowBinaryOutput stringArray(List<String> values) {
        varUInt(values.size());
        for (String v : values) {
            string(v);
        }
        return this;
    }

    public RowBinaryOutput stringArray(Iterable<String> values, int count) {
        varUInt(count);
        int written = 0;
        for (String v : values) {
            string(v);
            written++;
        }
        if (written != count) {
            throw new IllegalStateException("array said " + count + " values but held " + written);
        }
        return this;
    }

    /** LEB128, the length prefix of strings and arrays. */
    public RowBinaryOutput varUInt(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
        return this;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }
}
