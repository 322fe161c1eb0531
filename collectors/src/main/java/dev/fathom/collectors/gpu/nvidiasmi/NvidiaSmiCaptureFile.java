package dev.fathom.collectors.gpu.nvidiasmi;

import dev.fathom.collectors.host.ParseResult;
import dev.fathom.collectors.reading.Reading;
import dev.fathom.model.AttributeKeys;
import dev.fathom.model.MetricNames;
import io.opentelemetry.api.common.AttributeKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A capture file in nvidia_gpu_exporter's format (internal/captures): a header, then sections
 * that each start with a line of 80 '#', {@code # <state> :: <title>}, {@code # $ <command>} and
 * another line of '#', followed by the command's raw output. Fathom reads, per state (idle,
 * load): the {@code --query-gpu} CSV, the {@code --query-compute-apps} CSV (per-process memory)
 * and the MIG devices of the {@code -q} text.
 */
public final class NvidiaSmiCaptureFile {

    static final String RULE = "#".repeat(80);
    private static final double MIB = 1024.0 * 1024.0;
    private static final AttributeKey<Long> PROCESS_PID = AttributeKey.longKey(AttributeKeys.PROCESS_PID);
    private static final AttributeKey<String> PROCESS_NAME = AttributeKey.stringKey(AttributeKeys.PROCESS_EXECUTABLE_NAME);

    /** One section: its state ("idle", "load", "capabilities"), title, command and output. */
    public record Section(String state, String title, String command, String body, int firstLine) {}

    private NvidiaSmiCaptureFile() {}

    /** True when the text starts like a capture file. */
    public static boolean looksLikeCapture(String head) {
        return head.startsWith(RULE) && head.contains("nvidia_gpu_exporter GPU capture");
    }

    public static List<Section> sections(String text) {
        String[] lines = text.split("\n", -1);
        List<Section> sections = new ArrayList<>();
        int i = 0;
        while (i < lines.length) {
            if (!lines[i].equals(RULE) || i + 1 >= lines.length || !lines[i + 1].startsWith("# ")
                    || !lines[i + 1].contains(" :: ")) {
                i++;
                continue;
            }
            String heading = lines[i + 1].substring(2);
            String state = heading.substring(0, heading.indexOf(" :: ")).strip();
            String title = heading.substring(heading.indexOf(" :: ") + 4).strip();
            int j = i + 2;
            String command = "";
            while (j < lines.length && !lines[j].equals(RULE)) {
                if (lines[j].startsWith("# $ ")) {
                    command = lines[j].substring(4);
                }
                j++;
            }
            int bodyStart = j + 1;
            int end = bodyStart;
            while (end < lines.length && !lines[end].equals(RULE)) {
                end++;
            }
            StringBuilder body = new StringBuilder();
            for (int k = bodyStart; k < end && k < lines.length; k++) {
                body.append(lines[k]).append('\n');
            }
            sections.add(new Section(state, title, command, body.toString(), bodyStart + 1));
            i = end;
        }
        return sections;
    }

    /** The readings of every state in the file, in file order (usually idle, then load). */
    public static Map<String, ParseResult<Reading>> parse(String text, String origin) {
        Map<String, List<Reading>> readings = new LinkedHashMap<>();
        Map<String, List<String>> warnings = new HashMap<>();
        for (Section section : sections(text)) {
            if (section.state().equals("capabilities")) {
                continue;
            }
            List<Reading> out = readings.computeIfAbsent(section.state(), s -> new ArrayList<>());
            List<String> problems = warnings.computeIfAbsent(section.state(), s -> new ArrayList<>());
            String where = origin + " [" + section.state() + " :: " + section.title() + "]";
            if (section.title().startsWith("query-gpu")) {
                ParseResult<Reading> csv = NvidiaSmiCsvParser.parseDocument(section.body(), where);
                out.addAll(csv.rows());
                problems.addAll(csv.warnings());
            } else if (section.title().startsWith("query-compute-apps")) {
                processes(section.body(), where, out, problems);
            } else if (section.title().startsWith("query (-q)")) {
                NvidiaSmiQueryTextParser.parseMigDevices(section.body(), where, out, problems);
            }
        }
        Map<String, ParseResult<Reading>> result = new LinkedHashMap<>();
        readings.forEach((state, rows) -> result.put(state, new ParseResult<>(rows, warnings.get(state))));
        return result;
    }

    /** {@code --query-compute-apps=...,gpu_name,gpu_bus_id,gpu_uuid,pid,process_name,used_gpu_memory --format=csv}. */
    static void processes(String body, String where, List<Reading> out, List<String> warnings) {
        List<String> lines = body.lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            return;
        }
        List<String> columns = new ArrayList<>();
        for (String column : lines.get(0).split(",", -1)) {
            columns.add(NvidiaSmiCsvParser.normalise(column));
        }
        for (int i = 1; i < lines.size(); i++) {
            String[] values = lines.get(i).split(",", -1);
            if (values.length != columns.size()) {
                warnings.add(where + " row " + i + ": " + values.length + " columns where " + columns.size() + " were expected");
                continue;
            }
            Map<String, String> row = new HashMap<>();
            for (int c = 0; c < values.length; c++) {
                row.put(columns.get(c), values[c]);
            }
            try {
                double pid = NvidiaSmiValues.number(row.get("pid"));
                double mib = NvidiaSmiValues.number(row.get("used_gpu_memory"));
                if (Double.isNaN(pid) || Double.isNaN(mib)) {
                    continue;
                }
                var attributes = GpuAttributes.of(null, NvidiaSmiValues.text(row.get("uuid")),
                        NvidiaSmiValues.text(row.get("name")), NvidiaSmiValues.text(row.get("pci.bus_id"))).toBuilder()
                        .put(PROCESS_PID, (long) pid);
                String name = NvidiaSmiValues.text(row.get("process_name"));
                if (name != null) {
                    attributes.put(PROCESS_NAME, name);
                }
                out.add(Reading.gauge(MetricNames.GPU_PROCESS_MEMORY_USED, "By", mib * MIB, attributes.build()));
            } catch (IllegalArgumentException e) {
                warnings.add(where + " row " + i + ": " + e.getMessage());
            }
        }
    }

    /** Convenience for tests and replay: the readings of one state, e.g. "load". */
    public static List<Reading> readings(String text, String state) {
        ParseResult<Reading> result = parse(text, "capture").get(state);
        return result == null ? List.of() : result.rows();
    }
}
