package dev.fathom.collectors.drift;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/** Feature records for tests: a numeric "x" ~ N(shift, 1), a categorical "plan", a numeric prediction. */
final class DriftRecords {

    static final String[] PLANS = {"free", "basic", "pro"};

    private DriftRecords() {}

    static FeatureRecord record(String model, double x, String plan, Double prediction) {
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("x", x);
        features.put("plan", plan);
        return new FeatureRecord(model, "1", Instant.parse("2026-11-29T10:00:00Z"), features, prediction, null);
    }

    /** plan weights: free / basic / pro. */
    static FeatureRecord random(Random random, String model, double shift, double[] planWeights) {
        double u = random.nextDouble();
        String plan = u < planWeights[0] ? PLANS[0] : u < planWeights[0] + planWeights[1] ? PLANS[1] : PLANS[2];
        return record(model, random.nextGaussian() + shift, plan, random.nextDouble());
    }

    static String json(FeatureRecord r) {
        return String.format(java.util.Locale.ROOT,
                "{\"model\":\"%s\",\"version\":\"%s\",\"timestamp\":\"%s\",\"features\":{\"x\":%s,\"plan\":\"%s\"},\"prediction\":%s}",
                r.model(), r.version(), r.timestamp(), r.features().get("x"), r.features().get("plan"), r.prediction());
    }

    static ReferenceProfile profile(String model, int rows, long seed) {
        Random random = new Random(seed);
        ProfileBuilder builder = new ProfileBuilder(model);
        for (int i = 0; i < rows; i++) {
            builder.add(random(random, model, 0, new double[] {0.5, 0.3, 0.2}));
        }
        return builder.build();
    }
}
