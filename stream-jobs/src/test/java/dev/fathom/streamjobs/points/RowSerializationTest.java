package dev.fathom.streamjobs.points;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.model.alert.Alert;
import dev.fathom.storage.write.CostLedgerRow;
import dev.fathom.storage.write.SloStatusRow;
import dev.fathom.streamjobs.slo.SloEvaluateFunction;
import dev.fathom.streamjobs.slo.SloEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every type the job sends between operators or keeps in checkpoints survives Flink's serializer and copy. */
class RowSerializationTest {

    static List<Object[]> rows() {
        return List.of(
                new Object[] {TypeInformation.of(CostLedgerRow.class), new CostLedgerRow(Instant.parse("2025-01-01T00:00:00Z"), "c", "h", "gpu",
                        "GPU-1", "H100", "", CostLedgerRow.Kind.IDLE, "t", "p", "cc", "spot", "sku", "", "USD", 0.5, "GPU-Hour", 0.5, 0.1,
                        new BigDecimal("0.123456789"), new BigDecimal("0.000000001"), 0.01, 0.004, 1)},
                new Object[] {TypeInformation.of(SloStatusRow.class), new SloStatusRow(Instant.parse("2025-01-01T00:01:00Z"), "slo", "svc", "team",
                        0.999, 2_592_000, 10, 11, 0.9, 0.5, 1, 2, 3, 4, 5, 6, 7, List.of("page"), 1)},
                new Object[] {TypeInformation.of(SloEvent.class), new SloEvent("slo", 1, -2, 3)},
                new Object[] {SloEvaluateFunction.ALERTS.getTypeInfo(), Alert.firing(Map.of("alertname", "A", "severity", "critical"),
                        Map.of("summary", "s"), Instant.parse("2025-01-01T00:00:00Z"), "http://x")});
    }

    @ParameterizedTest
    @MethodSource("rows")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void roundTrips(TypeInformation type, Object row) throws Exception {
        TypeSerializer serializer = type.createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(row, out);
        assertThat(serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()))).isEqualTo(row);
        assertThat(serializer.copy(row)).isEqualTo(row);
    }
}
