package dev.fathom.streamjobs.decode;

import dev.fathom.model.Point;
import dev.fathom.storage.write.RejectedRecordWriter.RejectedRecord;
import dev.fathom.streamjobs.points.PointTypeInfo;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes OTLP records into points (see {@link OtlpMetricsDecoder}). Sums go to the main output,
 * for the keyed step that turns them into deltas and rates; gauges need no state and go to the
 * {@link #GAUGES} side output, so they stay in this task (chained, no serialization, no network
 * shuffle) on their way to storage. A record that is not valid OTLP is counted (metric
 * {@code malformedRecords}), logged with its topic, partition and offset, and sent to the
 * {@link #REJECTED} side output; it never fails the job.
 */
public final class DecodeOtlpFunction extends ProcessFunction<OtlpRecord, DecodedPoint> {

    public static final OutputTag<RejectedRecord> REJECTED =
            new OutputTag<>("rejected-records", TypeInformation.of(RejectedRecord.class));

    public static final OutputTag<Point> GAUGES = new OutputTag<>("gauges", PointTypeInfo.INSTANCE);

    private static final Logger log = LoggerFactory.getLogger(DecodeOtlpFunction.class);

    private transient OtlpMetricsDecoder decoder;
    private transient Counter malformedRecords;
    private transient Counter skippedDataPoints;
    private transient Counter decodedPoints;

    @Override
    public void open(OpenContext openContext) {
        decoder = new OtlpMetricsDecoder();
        var metrics = getRuntimeContext().getMetricGroup();
        malformedRecords = metrics.counter("malformedRecords");
        skippedDataPoints = metrics.counter("skippedDataPoints");
        decodedPoints = metrics.counter("decodedPoints");
    }

    @Override
    public void processElement(OtlpRecord record, Context ctx, Collector<DecodedPoint> out) {
        OtlpMetricsDecoder.Result result;
        try {
            result = decoder.decode(record.payload());
        } catch (MalformedOtlpException e) {
            malformedRecords.inc();
            log.warn("skipping malformed record {}-{} at offset {} ({} bytes): {}",
                    record.topic(), record.partition(), record.offset(), record.payload().length, e.getMessage());
            ctx.output(REJECTED, new RejectedRecord(System.currentTimeMillis(), record.topic(), record.partition(),
                    record.offset(), record.payload().length, e.getMessage()));
            return;
        }
        skippedDataPoints.inc(result.skippedDataPoints());
        decodedPoints.inc(result.points().size());
        for (DecodedPoint point : result.points()) {
            if (point.temporality() == Temporality.GAUGE) {
                ctx.output(GAUGES, point.point());
            } else {
                out.collect(point);
            }
        }
    }
}
