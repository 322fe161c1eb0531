package dev.fathom.collectors.gpu;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The feature records the models on a fleet's inference nodes would log, one per node per second:
 * {@code {model, version, timestamp, features{request_tokens, latency_budget_ms, region},
 * prediction, label}}, as JSON lines for {@code Topics.INFERENCE_FEATURES}. While a node shows
 * {@link Fault#DRIFTING_FEATURE}, its {@code request_tokens} mean grows linearly to 2.5 times the
 * usual over the fault's duration. The same second gives the same record, however often asked.
 */
public final class InferenceFeatureRecords {

    public static final String MODEL = "sim-ranker";
    public static final String VERSION = "3";
    private static final String[] REGIONS = {"eu-west", "us-east", "ap-south"};
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SimulatedGpuFleet fleet;
    private final long seed;

    public InferenceFeatureRecords(SimulatedGpuFleet fleet, long seed) {
        this.fleet = fleet;
        this.seed = seed;
    }

    /** The records of every inference node for each whole second in ({@code fromMillis}, {@code toMillis}]. */
    public List<String> between(long fromMillis, long toMillis) {
        List<String> records = new ArrayList<>();
        for (long second = fromMillis / 1000 + 1; second <= toMillis / 1000; second++) {
            int nodeIndex = 0;
            for (SimulatedNode node : fleet.nodes()) {
                nodeIndex++;
                if (node.workload() != Workload.INFERENCE) {
                    continue;
                }
                records.add(record(node, nodeIndex, second));
            }
        }
        return records;
    }

    String record(SimulatedNode node, int nodeIndex, long second) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + nodeIndex * 7_919L + second);
        double drift = node.progress(Fault.DRIFTING_FEATURE, second * 1000);
        double meanTokens = 400 * (drift < 0 ? 1 : 1 + 1.5 * drift);
        double tokens = Math.max(1, Math.round(meanTokens + 120 * random.nextGaussian()));
        double budget = Math.round(50 + 250 * random.nextDouble());
        String region = REGIONS[random.nextInt(REGIONS.length)];
        double score = 1 / (1 + Math.exp(-(tokens - 400) / 150.0 + (budget - 175) / 200.0));
        ObjectNode record = JSON.createObjectNode();
        record.put("model", MODEL);
        record.put("version", VERSION);
        record.put("timestamp", Instant.ofEpochSecond(second).toString());
        ObjectNode features = record.putObject("features");
        features.put("request_tokens", tokens);
        features.put("latency_budget_ms", budget);
        features.put("region", region);
        record.put("prediction", Math.round(score * 1000) / 1000.0);
        record.put("label", random.nextDouble() < score ? 1 : 0);
        return record.toString();
    }
}
