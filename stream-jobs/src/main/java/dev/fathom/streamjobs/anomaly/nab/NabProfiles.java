package dev.fathom.streamjobs.anomaly.nab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** NAB's config/profiles.json: profile name to cost matrix. */
public final class NabProfiles {

    /** The copy of NAB's profiles.json bundled with the harness. */
    public static final String BUNDLED = "/dev/fathom/streamjobs/anomaly/nab/profiles.json";

    private NabProfiles() {}

    public static Map<String, CostMatrix> read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    public static Map<String, CostMatrix> bundled() throws IOException {
        try (InputStream in = NabProfiles.class.getResourceAsStream(BUNDLED)) {
            if (in == null) {
                throw new IOException("missing resource " + BUNDLED);
            }
            return read(in, BUNDLED);
        }
    }

    private static Map<String, CostMatrix> read(InputStream in, String name) throws IOException {
        JsonNode root = new ObjectMapper().readTree(in);
        Map<String, CostMatrix> profiles = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode m = entry.getValue().get("CostMatrix");
            if (m == null) {
                throw new IOException(name + ": profile " + entry.getKey() + " has no CostMatrix");
            }
            profiles.put(entry.getKey(), new CostMatrix(weight(m, "tpWeight", name), weight(m, "fpWeight", name),
                    weight(m, "fnWeight", name), weight(m, "tnWeight", name)));
        }
        return profiles;
    }

    private static double weight(JsonNode matrix, String key, String name) throws IOException {
        JsonNode v = matrix.get(key);
        if (v == null || !v.isNumber()) {
            throw new IOException(name + ": CostMatrix." + key + " must be a number, got " + v);
        }
        return v.asDouble();
    }
}
