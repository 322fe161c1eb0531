package dev.fathom.collectors.drift;

import java.time.Instant;
import java.util.Map;

/**
 * One inference as the model saw it. Feature values are {@link Double}, {@link String} or
 * {@code null} (missing); so are the prediction and the label.
 */
public record FeatureRecord(String model, String version, Instant timestamp,
        Map<String, Object> features, Object prediction, Object label) {

    /** Name under which the prediction is profiled and reported, beside the features. */
    public static final String PREDICTION = "prediction";
}
