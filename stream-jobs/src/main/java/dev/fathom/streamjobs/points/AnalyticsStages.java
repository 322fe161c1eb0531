package dev.fathom.streamjobs.points;


/**
 * What the job computes from the decoded points besides storing them: cost, SLOs and anomalies. Each stage reads the
 * same points (gauges and sums, see {@link PointStreams}) and writes its own table.
 */
public final class AnalyticsStages {

    private AnalyticsStages() {}

    public static void define(PointStreams points, PointsJobConfig config) {
        if (config.cost()) {
            dev.fathom.streamjobs.cost.CostStage.define(points, config);
        }
        if (!config.sloFile().isBlank()) {
            dev.fathom.streamjobs.slo.SloStage.define(points, config);
        }
        if (config.anomalies()) {
            AnomalyStage.define(points, config);
        }
    }
}
