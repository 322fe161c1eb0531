package dev.fathom.streamjobs.points;

import dev.fathom.streamjobs.anomaly.AnomalyAlarm;
import dev.fathom.streamjobs.anomaly.AnomalyDetector;
import dev.fathom.streamjobs.anomaly.DetectAnomaliesFunction;
import dev.fathom.model.AttributeKeys;
import dev.fathom.model.MetricNames;
import dev.fathom.model.Point;
import dev.fathom.model.alert.Alert;
import dev.fathom.model.alert.AlertLabels;
import dev.fathom.storage.write.AnomalyRow;
import dev.fathom.streamjobs.sink.ClickHouseSinks;
import dev.fathom.streamjobs.sink.ReplacingTableTarget;
import dev.fathom.streamjobs.slo.AlertSerializer;
import dev.fathom.streamjobs.slo.SloStage;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The anomaly stage: the watched series (keyed by series id) through the detector
 * ({@code dev.fathom.streamjobs.anomaly}, the same code the NAB harness scores), alarms to
 * {@code anomalies} (exactly once: ReplacingMergeTree collapses a replay) and to the alerts topic.
 * An anomaly is a moment, not a state: its alert carries {@code endsAt} = time + 5 minutes, so it
 * resolves by itself unless the series keeps alarming.
 */
public final class AnomalyStage {

    public static final String ALERT_NAME = "SeriesAnomaly";
    public static final Duration ALERT_LIFETIME = Duration.ofMinutes(5);

    private AnomalyStage() {}

    public static void define(PointStreams points, PointsJobConfig config) {
        List<String> watched = Arrays.stream(config.anomalyMetrics().split(",")).map(String::trim).filter(m -> !m.isEmpty()).toList();
        DataStream<AnomalyAlarm> alarms = points
                .each((stream, suffix) -> stream.filter(p -> isWatched(watched, p.metric()))
                        .uid("anomaly-inputs" + suffix).name("anomaly-inputs" + suffix))
                .keyBy(Point::seriesId, Types.LONG)
                .process(new DetectAnomaliesFunction(new AnomalyDetector()), TypeInformation.of(AnomalyAlarm.class))
                .uid("detect-anomalies").name("detect-anomalies");

        ClickHouseSinks.exactlyOnce(alarms.map(AnomalyStage::row, TypeInformation.of(AnomalyRow.class)).uid("anomaly-rows").name("anomaly-rows"),
                "anomalies-commit", config.clickhouseUrl(), config.database(), config.batchSize(),
                new ReplacingTableTarget<AnomalyRow>(() -> AnomalyRow.FORMAT), TypeInformation.of(AnomalyRow.class));

        String dashboard = config.dashboardUrl();
        alarms.map(a -> alert(a, dashboard), AlertSerializer.TYPE).uid("anomaly-alerts").name("anomaly-alerts")
                .sinkTo(SloStage.alertsSink(config.bootstrapServers(), config.alertsTopic(), config.kafkaClientProperties()))
                .uid("anomaly-alerts-sink").name("kafka-anomaly-alerts");
    }

    static boolean isWatched(List<String> watched, String metric) {
        return watched.contains(metric) || watched.contains("*" + MetricNames.RATE_SUFFIX) && metric.endsWith(MetricNames.RATE_SUFFIX);
    }

    static AnomalyRow row(AnomalyAlarm a) {
        TreeMap<String, String> labels = labels(a);
        return new AnomalyRow(a.timeMillis(), a.metric(), labels.getOrDefault(AttributeKeys.HOST_NAME, ""), a.seriesId(), labels,
                a.value(), a.expectedLow(), a.expectedHigh(), a.score(), "fathom-" + a.signal(), 1);
    }

    static Alert alert(AnomalyAlarm a, String dashboardUrl) {
        TreeMap<String, String> series = labels(a);
        String host = series.getOrDefault(AttributeKeys.HOST_NAME, "");
        String seriesHex = String.format("%016x", a.seriesId());
        Map<String, String> labels = new TreeMap<>();
        labels.put(AlertLabels.ALERTNAME, ALERT_NAME);
        labels.put(AlertLabels.SEVERITY, "warning");
        labels.put(AlertLabels.SOURCE, "anomaly");
        labels.put("metric", a.metric());
        labels.put("host", host);
        labels.put("series", seriesHex);
        for (String key : List.of(AttributeKeys.GPU_UUID, AttributeKeys.DEVICE, AttributeKeys.TEAM)) {
            if (series.containsKey(key)) {
                labels.put(key, series.get(key));
            }
        }
        String link = dashboardUrl + "/series/" + seriesHex;
        Map<String, String> annotations = new TreeMap<>();
        annotations.put(AlertLabels.SUMMARY, String.format(Locale.ROOT, "%s on %s: %s outside the expected %s .. %s (score %.2f, %s)",
                a.metric(), host.isEmpty() ? "?" : host, num(a.value()), num(a.expectedLow()), num(a.expectedHigh()), a.score(), a.signal()));
        annotations.put(AlertLabels.VALUE, num(a.value()));
        annotations.put("expected_low", num(a.expectedLow()));
        annotations.put("expected_high", num(a.expectedHigh()));
        annotations.put("score", String.format(Locale.ROOT, "%.4f", a.score()));
        annotations.put("signal", a.signal());
        annotations.put("labels", series.toString());
        annotations.put("dashboard", link);
        Instant at = Instant.ofEpochMilli(a.timeMillis());
        return new Alert(new TreeMap<>(labels), new TreeMap<>(annotations), at, at.plus(ALERT_LIFETIME), link);
    }

    private static TreeMap<String, String> labels(AnomalyAlarm a) {
        TreeMap<String, String> labels = new TreeMap<>();
        for (int i = 0; i < a.labelKeys().size(); i++) {
            labels.put(a.labelKeys().get(i), a.labelValues().get(i));
        }
        return labels;
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
