package dev.fathom.collectors.cli;

import dev.fathom.collectors.gpu.nvidiasmi.NvidiaSmiCaptureFile;
import dev.fathom.collectors.gpu.nvidiasmi.NvidiaSmiCsvParser;
import dev.fathom.collectors.gpu.nvidiasmi.NvidiaSmiXmlParser;
import dev.fathom.collectors.prometheus.PrometheusTextParser;
import java.nio.charset.StandardCharsets;

/** The formats {@code collect --replay} reads, told apart by how the file begins. */
enum ReplayFormat {
    NVIDIA_SMI_CAPTURE("an nvidia_gpu_exporter capture file"),
    NVIDIA_SMI_XML("nvidia-smi -q -x XML"),
    NVIDIA_SMI_CSV("nvidia-smi --query-gpu CSV with a header"),
    PROMETHEUS_TEXT("a Prometheus text exposition");

    final String description;

    ReplayFormat(String description) {
        this.description = description;
    }

    /** The format of {@code content}, or null when it is none of them. */
    static ReplayFormat detect(byte[] content) {
        String head = new String(content, 0, Math.min(content.length, 8192), StandardCharsets.UTF_8);
        if (head.startsWith("\uFEFF")) {
            head = head.substring(1);
        }
        if (NvidiaSmiCaptureFile.looksLikeCapture(head)) {
            return NVIDIA_SMI_CAPTURE;
        }
        if (NvidiaSmiXmlParser.looksLikeXml(head)) {
            return NVIDIA_SMI_XML;
        }
        String firstLine = head.lines().filter(l -> !l.isBlank()).findFirst().orElse("");
        if (firstLine.contains(",") && NvidiaSmiCsvParser.isHeader(firstLine)) {
            return NVIDIA_SMI_CSV;
        }
        if (PrometheusTextParser.looksLikeExposition(head)) {
            return PROMETHEUS_TEXT;
        }
        return null;
    }
}
