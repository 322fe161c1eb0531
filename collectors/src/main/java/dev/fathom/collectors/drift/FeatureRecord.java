package dev.fathom.collectors.drift;

import java.time.Instant;
import java.util.Map;

/**
 * One inference as the model saw it. Feature values are {@link Double}, {@link String} or
 * {@code null} (missing); so are the prediction and the label.
 */
public record FeatureRecord(String model, String version, Instant timestamp,
        Map<String, Object> features, Object prediction, Object label) {

    /**
     * Column name under which the prediction is judged and reported beside the features (the
     * {@code feature} attribute), as the drift_results table spells it.
     */
    public static final String PREDICTION = "__prediction__";
}
