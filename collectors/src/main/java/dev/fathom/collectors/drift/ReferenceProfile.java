package dev.fathom.collectors.drift;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A model's reference profile: the distribution of each feature and of the prediction in a
 * reference data set (usually training or a known-good week), written by
 * {@code fathom drift profile} and read by the drift monitor. docs/drift.md describes the file.
 *
 * @param format      always {@link #FORMAT}
 * @param model       the model it describes
 * @param versions    model versions seen in the reference rows
 * @param rows        reference rows
 * @param bins        bins asked for per numeric feature
 * @param sampleLimit most reference values kept per numeric feature for KS and Wasserstein
 * @param createdAt   when it was built, ISO-8601
 * @param features    per feature name
 * @param prediction  the prediction column, or null when the reference had none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReferenceProfile(String format, String model, List<String> versions, long rows, int bins,
        int sampleLimit, String createdAt, Map<String, FeatureProfile> features, FeatureProfile prediction) {

    public static final String FORMAT = "fathom-drift-profile/1";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writeValue(file.toFile(), this);
    }

    /** Reads a profile file; a file that is not one fails with a message that says so. */
    public static ReferenceProfile read(Path file) throws IOException {
        ReferenceProfile profile;
        try {
            profile = JSON.readValue(file.toFile(), ReferenceProfile.class);
        } catch (IOException e) {
            throw new IOException("cannot read drift profile " + file + ": " + e.getMessage(), e);
        }
        if (profile == null || !FORMAT.equals(profile.format())) {
            throw new IOException(file + " is not a drift profile (expected format '" + FORMAT + "', found "
                    + (profile == null ? "nothing" : "'" + profile.format() + "'") + ")");
        }
        if (profile.model() == null || profile.features() == null) {
            throw new IOException("drift profile " + file + " lacks 'model' or 'features'");
        }
        return profile;
    }

    /** The profile for a feature name, the prediction included; null when unknown. */
    public FeatureProfile column(String name) {
        if (FeatureRecord.PREDICTION.equals(name)) {
            return prediction;
        }
        return features.get(name);
    }
}
