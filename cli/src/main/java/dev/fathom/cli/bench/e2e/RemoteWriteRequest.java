package dev.fathom.cli.bench.e2e;

import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.xerial.snappy.Snappy;

/**
 * Prometheus remote write 1.0 bodies: a {@code prometheus.WriteRequest} protobuf, snappy
 * block-compressed. Encoded by hand with protobuf's {@link CodedOutputStream} (four small
 * messages, prompb/types.proto and remote.proto):
 *
 * <pre>
 * WriteRequest { repeated TimeSeries timeseries = 1; }
 * TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2; }
 * Label        { string name = 1; string value = 2; }
 * Sample       { double value = 1; int64 timestamp = 2; }   // timestamp in ms
 * </pre>
 *
 * A series' labels are encoded once ({@link #labels}) and reused in every request.
 */
public final class RemoteWriteRequest {

    public static final String CONTENT_TYPE = "application/x-protobuf";
    public static final String CONTENT_ENCODING = "snappy";
    public static final String VERSION_HEADER = "X-Prometheus-Remote-Write-Version";
    public static final String VERSION = "0.1.0";

    private RemoteWriteRequest() {}

    /**
     * The encoded {@code Label} fields of a series ({@code TimeSeries} field 1, repeated), name
     * first. Prometheus wants labels sorted by name; {@code __name__} sorts first.
     */
    public static byte[] labels(List<String[]> sortedNameValuePairs) {
        try {
            int size = 0;
            for (String[] label : sortedNameValuePairs) {
                int inner = labelSize(label);
                size += CodedOutputStream.computeTagSize(1) + CodedOutputStream.computeUInt32SizeNoTag(inner) + inner;
            }
            byte[] bytes = new byte[size];
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            for (String[] label : sortedNameValuePairs) {
                out.writeTag(1, com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED);
                out.writeUInt32NoTag(labelSize(label));
                out.writeString(1, label[0]);
                out.writeString(2, label[1]);
            }
            out.checkNoSpaceLeft();
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int labelSize(String[] label) {
        return CodedOutputStream.computeStringSize(1, label[0]) + CodedOutputStream.computeStringSize(2, label[1]);
    }

    /** One sample of one series. */
    public record Sample(byte[] seriesLabels, double value, long timestampMillis) {}

    /** The uncompressed WriteRequest: one TimeSeries per sample. */
    public static byte[] encode(List<Sample> samples) {
        try {
            int size = 0;
            for (Sample s : samples) {
                int ts = timeSeriesSize(s);
                size += CodedOutputStream.computeTagSize(1) + CodedOutputStream.computeUInt32SizeNoTag(ts) + ts;
            }
            byte[] bytes = new byte[size];
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            for (Sample s : samples) {
                out.writeTag(1, com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED);
                out.writeUInt32NoTag(timeSeriesSize(s));
                out.writeRawBytes(s.seriesLabels());
                out.writeTag(2, com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED);
                out.writeUInt32NoTag(sampleSize(s));
                out.writeDouble(1, s.value());
                out.writeInt64(2, s.timestampMillis());
            }
            out.checkNoSpaceLeft();
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The HTTP body: the WriteRequest, snappy block-compressed (not the framed stream format). */
    public static byte[] body(List<Sample> samples) {
        try {
            return Snappy.compress(encode(samples));
        } catch (IOException e) {
            throw new UncheckedIOException("snappy compression failed", e);
        }
    }

    private static int sampleSize(Sample s) {
        return CodedOutputStream.computeDoubleSize(1, s.value()) + CodedOutputStream.computeInt64Size(2, s.timestampMillis());
    }

    private static int timeSeriesSize(Sample s) {
        int sample = sampleSize(s);
        return s.seriesLabels().length
                + CodedOutputStream.computeTagSize(2) + CodedOutputStream.computeUInt32SizeNoTag(sample) + sample;
    }
}
