package dev.fathom.collectors.drift;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a feature is compared: by its number line or by its categories. */
public enum FeatureKind {
    @JsonProperty("numeric") NUMERIC,
    @JsonProperty("categorical") CATEGORICAL
}
