package dev.fathom.streamjobs.cost;

import dev.fathom.model.Point;
import dev.fathom.storage.write.CostLedgerRow;
import dev.fathom.streamjobs.points.PointStreams;
import dev.fathom.streamjobs.points.PointsJobConfig;
import dev.fathom.streamjobs.sink.ClickHouseSinks;
import dev.fathom.streamjobs.sink.CostLedgerBatchTarget;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The cost stage: GPU points → per-GPU minutes in keyed state → cost ledger rows → ClickHouse
 * exactly once. The catalogue and owner mapping are read here, when the job is defined, so a bad
 * file fails the submission with a message naming the field, and task managers need no files.
 */
public final class CostStage {

    /** Points may arrive this late (event time) and still count in their minute. */
    public static final Duration ALLOWED_LATENESS = Duration.ofSeconds(30);

    private CostStage() {}

    public static void define(PointStreams points, PointsJobConfig config) {
        CostAllocator allocator = new CostAllocator(PriceCatalogue.loadOrDefault(config.priceCatalogue()),
                OwnerMapping.loadOrNone(config.ownersFile()));
        DataStream<CostLedgerRow> ledger = points
                .each((stream, suffix) -> stream
                        .filter(GpuMinuteAccumulator::isCostInput)
                        .uid("cost-inputs" + suffix).name("cost-inputs" + suffix)
                        .assignTimestampsAndWatermarks(WatermarkStrategy.<Point>forBoundedOutOfOrderness(ALLOWED_LATENESS)
                                .withTimestampAssigner((p, previous) -> p.timeMillis())
                                .withIdleness(Duration.ofMinutes(1)))
                        .uid("cost-watermarks" + suffix).name("cost-watermarks" + suffix))
                .keyBy(GpuCostFunction::gpuKey, Types.STRING)
                .process(new GpuCostFunction(allocator), TypeInformation.of(CostLedgerRow.class))
                .uid("gpu-cost").name("gpu-cost");
        ClickHouseSinks.exactlyOnce(ledger, "cost-commit", config.clickhouseUrl(), config.database(), config.batchSize(),
                new CostLedgerBatchTarget(), TypeInformation.of(CostLedgerRow.class));
    }
}
