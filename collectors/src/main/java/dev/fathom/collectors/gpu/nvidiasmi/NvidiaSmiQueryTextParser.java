package dev.fathom.collectors.gpu.nvidiasmi;

import dev.fathom.collectors.reading.Reading;
import dev.fathom.model.MetricNames;
import io.opentelemetry.api.common.Attributes;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the MIG devices out of plain {@code nvidia-smi -q} text, for captures that hold the text
 * and not the XML: each "MIG Device" block gives the memory of one GPU instance, as its own
 * series ({@code mig.instance} = GPU instance id). Everything else in -q text is also in the CSV
 * query, which is parsed instead.
 */
public final class NvidiaSmiQueryTextParser {

    private static final double MIB = 1024.0 * 1024.0;
    private static final Pattern GPU = Pattern.compile("^GPU ([0-9A-Fa-f]+:[0-9A-Fa-f]+:[0-9A-Fa-f]+\\.[0-9A-Fa-f]+)\\s*$");
    private static final Pattern FIELD = Pattern.compile("^( *)([^:]+?)\\s*:\\s*(.*)$");

    private NvidiaSmiQueryTextParser() {}

    public static void parseMigDevices(String text, String origin, List<Reading> out, List<String> warnings) {
        int gpuPosition = -1;
        String busId = null;
        String model = null;
        String uuid = null;
        String instance = null;
        String memorySection = null;
        int lineNumber = 0;
        for (String line : text.split("\n", -1)) {
            lineNumber++;
            Matcher gpu = GPU.matcher(line);
            if (gpu.matches()) {
                gpuPosition++;
                busId = gpu.group(1);
                model = null;
                uuid = null;
                instance = null;
                continue;
            }
            if (gpuPosition < 0 || line.isBlank()) {
                continue;
            }
            int indent = line.length() - line.stripLeading().length();
            String content = line.strip();
            if (indent == 4) {
                instance = null;
                memorySection = null;
                if (content.equals("MIG Device")) {
                    instance = "";
                }
            }
            Matcher field = FIELD.matcher(line);
            if (indent == 4 && field.matches()) {
                if (field.group(2).equals("Product Name")) {
                    model = NvidiaSmiValues.text(field.group(3));
                } else if (field.group(2).equals("GPU UUID")) {
                    uuid = NvidiaSmiValues.text(field.group(3));
                }
                continue;
            }
            if (instance == null) {
                continue;
            }
            if (indent == 8 && !field.matches()) {
                memorySection = content.endsWith("FB Memory Usage") ? "fb" : null;
                continue;
            }
            if (!field.matches()) {
                continue;
            }
            String key = field.group(2);
            String value = field.group(3);
            if (indent == 8 && key.equals("GPU Instance ID")) {
                instance = NvidiaSmiValues.text(value);
                if (instance == null) {
                    instance = "";
                }
            } else if (indent == 12 && "fb".equals(memorySection) && !instance.isEmpty()) {
                String metric = switch (key) {
                    case "Total" -> MetricNames.GPU_MEMORY_TOTAL;
                    case "Used" -> MetricNames.GPU_MEMORY_USED;
                    case "Reserved" -> MetricNames.GPU_MEMORY_RESERVED;
                    case "Free" -> MetricNames.GPU_MEMORY_FREE;
                    default -> null;
                };
                if (metric == null) {
                    continue;
                }
                try {
                    double mib = NvidiaSmiValues.number(value);
                    if (!Double.isNaN(mib)) {
                        Attributes attributes = GpuAttributes.of(Integer.toString(gpuPosition), uuid, model, busId)
                                .toBuilder().put(GpuAttributes.MIG_INSTANCE, instance).build();
                        out.add(Reading.gauge(metric, "By", mib * MIB, attributes));
                    }
                } catch (IllegalArgumentException e) {
                    warnings.add(origin + " line " + lineNumber + ": " + key + ": " + e.getMessage());
                }
            }
        }
    }
}
