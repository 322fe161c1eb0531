package dev.fathom.streamjobs.anomaly.nab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads NAB's labels/combined_windows.json: data file (relative path) to its anomaly windows. */
public final class NabLabels {

    private NabLabels() {}

    public static Map<String, List<NabWindow>> readWindows(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        if (root == null || !root.isObject()) {
            throw new IOException(file + ": expected a JSON object of data file -> windows");
        }
        Map<String, List<NabWindow>> windows = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            List<NabWindow> list = new ArrayList<>();
            for (JsonNode pair : entry.getValue()) {
                if (!pair.isArray() || pair.size() != 2) {
                    throw new IOException(file + ": " + entry.getKey() + ": a window must be [start, end], got " + pair);
                }
                try {
                    list.add(new NabWindow(NabTimestamps.parse(pair.get(0).asText()),
                            NabTimestamps.parse(pair.get(1).asText())));
                } catch (DateTimeParseException e) {
                    throw new IOException(file + ": " + entry.getKey() + ": bad window time " + pair, e);
                }
            }
            list.sort((a, b) -> a.start().compareTo(b.start()));
            windows.put(entry.getKey(), List.copyOf(list));
        }
        return windows;
    }

    /** Total number of windows: the number of true positives a perfect detector scores. */
    public static int windowCount(Map<String, List<NabWindow>> windows) {
        return windows.values().stream().mapToInt(List::size).sum();
    }

}
