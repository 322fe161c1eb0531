package dev.fathom.collectors.gpu.nvidiasmi;

import dev.fathom.collectors.host.ParseResult;
import dev.fathom.collectors.reading.Reading;
import dev.fathom.model.AttributeKeys;
import dev.fathom.model.MetricNames;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Parses {@code nvidia-smi -q -x} ({@code nvidia_smi_log}, DTD versions 10 to 13) into readings:
 * memory, utilisation, power, temperatures, clocks, PCIe link and throughput, ECC errors, retired
 * pages, clock event (throttle) reasons, per-process memory and every MIG device as its own series
 * ({@code mig.instance} = the GPU instance id). Elements that are absent or say N/A are missing
 * values; elements Fathom does not know are ignored.
 *
 * <p>The XML parser loads no DTD and resolves no external entity: nvidia-smi's documents name a
 * DTD file that is not there, and a document from elsewhere must not make the collector read
 * files or the network. A document that is not well-formed XML fails as a whole with its line.
 */
public final class NvidiaSmiXmlParser {

    private static final double MIB = 1024.0 * 1024.0;
    static final String MAX_ELEMENT_DEPTH = "64";
    private static final AttributeKey<String> DIRECTION = AttributeKey.stringKey(AttributeKeys.DIRECTION);
    private static final AttributeKey<String> REASON = AttributeKey.stringKey(AttributeKeys.REASON);
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey(AttributeKeys.ERROR_TYPE);
    private static final AttributeKey<String> ECC_COUNTER = AttributeKey.stringKey(AttributeKeys.ECC_COUNTER);
    private static final AttributeKey<String> CAUSE = AttributeKey.stringKey(AttributeKeys.CAUSE);
    private static final AttributeKey<Long> PROCESS_PID = AttributeKey.longKey(AttributeKeys.PROCESS_PID);
    private static final AttributeKey<String> PROCESS_NAME = AttributeKey.stringKey(AttributeKeys.PROCESS_EXECUTABLE_NAME);

    private NvidiaSmiXmlParser() {}

    /** A document that is not nvidia-smi XML at all, or not well-formed. */
    public static final class XmlFormatException extends Exception {
        XmlFormatException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static ParseResult<Reading> parse(byte[] document, String origin) throws XmlFormatException {
        return parse(new ByteArrayInputStream(document), origin);
    }

    public static ParseResult<Reading> parse(InputStream document, String origin) throws XmlFormatException {
        Document dom;
        try {
            DocumentBuilder builder = safeFactory().newDocumentBuilder();
            builder.setErrorHandler(null); // errors become exceptions, not stderr lines
            builder.setEntityResolver((publicId, systemId) -> new InputSource(new java.io.StringReader("")));
            dom = builder.parse(document);
        } catch (SAXParseException e) {
            throw new XmlFormatException(origin + " line " + e.getLineNumber() + " column " + e.getColumnNumber()
                    + ": not well-formed XML: " + e.getMessage(), e);
        } catch (SAXException | IOException | ParserConfigurationException e) {
            throw new XmlFormatException(origin + ": cannot read the XML: " + e.getMessage(), e);
        }
        Element root = dom.getDocumentElement();
        if (!root.getTagName().equals("nvidia_smi_log")) {
            throw new XmlFormatException(origin + ": the root element is <" + root.getTagName()
                    + ">, not <nvidia_smi_log> (nvidia-smi -q -x output)", null);
        }
        List<Reading> readings = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        int position = 0;
        for (Element gpu : children(root, "gpu")) {
            new GpuElement(gpu, position++, origin, readings, warnings).read();
        }
        return new ParseResult<>(readings, warnings);
    }

    static DocumentBuilderFactory safeFactory() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        // nvidia-smi writes <!DOCTYPE nvidia_smi_log SYSTEM "nvsmi_device_v12.dtd">, so a DOCTYPE
        // must be accepted; everything it could pull in is switched off.
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        // nvidia-smi nests 6 deep; DOM reads text recursively, so a deeply nested document would
        // overflow the stack instead of failing as not nvidia-smi XML (found by fuzzing).
        factory.setAttribute("jdk.xml.maxElementDepth", MAX_ELEMENT_DEPTH);
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        factory.setValidating(false);
        factory.setNamespaceAware(false);
        return factory;
    }

    /** One {@code <gpu>} element. */
    private static final class GpuElement {
        private final Element gpu;
        private final String where;
        private final List<Reading> out;
        private final List<String> warnings;
        private final Attributes identity;

        GpuElement(Element gpu, int position, String origin, List<Reading> out, List<String> warnings) {
            this.gpu = gpu;
            this.out = out;
            this.warnings = warnings;
            String pciBusId = NvidiaSmiValues.text(text(gpu, "pci", "pci_bus_id"));
            if (pciBusId == null) {
                pciBusId = NvidiaSmiValues.text(gpu.getAttribute("id"));
            }
            // The XML has no index; nvidia-smi lists GPUs in index order.
            this.identity = GpuAttributes.of(Integer.toString(position), NvidiaSmiValues.text(text(gpu, "uuid")),
                    NvidiaSmiValues.text(text(gpu, "product_name")), pciBusId);
            this.where = origin + " gpu " + position;
        }

        void read() {
            Element memory = child(gpu, "fb_memory_usage");
            memory(memory, identity);
            gauge(MetricNames.GPU_UTILIZATION, "1", 0.01, identity, "utilization", "gpu_util");
            gauge(MetricNames.GPU_MEMORY_UTILIZATION, "1", 0.01, identity, "utilization", "memory_util");
            gauge(MetricNames.GPU_TEMPERATURE, "Cel", 1, identity, "temperature", "gpu_temp");
            gauge(MetricNames.GPU_TEMPERATURE_MEMORY, "Cel", 1, identity, "temperature", "memory_temp");
            gauge(MetricNames.GPU_FAN_SPEED, "1", 0.01, identity, "fan_speed");
            // Power moved from power_readings to gpu_power_readings (v12) and split into instant/average (v13).
            firstGauge(MetricNames.GPU_POWER_DRAW, "W", identity,
                    new String[] {"gpu_power_readings", "instant_power_draw"},
                    new String[] {"gpu_power_readings", "power_draw"},
                    new String[] {"gpu_power_readings", "average_power_draw"},
                    new String[] {"power_readings", "power_draw"});
            firstGauge(MetricNames.GPU_POWER_LIMIT, "W", identity,
                    new String[] {"gpu_power_readings", "current_power_limit"},
                    new String[] {"power_readings", "enforced_power_limit"},
                    new String[] {"power_readings", "power_limit"});
            gauge(MetricNames.GPU_CLOCK_SM, "MHz", 1, identity, "clocks", "sm_clock");
            gauge(MetricNames.GPU_CLOCK_MEMORY, "MHz", 1, identity, "clocks", "mem_clock");
            gauge(MetricNames.GPU_CLOCK_GRAPHICS, "MHz", 1, identity, "clocks", "graphics_clock");
            gauge(MetricNames.GPU_PCIE_LINK_GENERATION, "{generation}", 1, identity,
                    "pci", "pci_gpu_link_info", "pcie_gen", "current_link_gen");
            gauge(MetricNames.GPU_PCIE_LINK_WIDTH, "{lane}", 1, identity,
                    "pci", "pci_gpu_link_info", "link_widths", "current_link_width");
            // nvidia-smi prints PCIe throughput in KB/s (NVML: KiB/s).
            gauge(MetricNames.GPU_PCIE_THROUGHPUT, "By/s", 1024, identity.toBuilder().put(DIRECTION, "receive").build(),
                    "pci", "rx_util");
            gauge(MetricNames.GPU_PCIE_THROUGHPUT, "By/s", 1024, identity.toBuilder().put(DIRECTION, "transmit").build(),
                    "pci", "tx_util");
            ecc();
            retiredPages();
            throttleReasons();
            processes();
            migDevices();
        }

        private void memory(Element memory, Attributes attributes) {
            if (memory == null) {
                return;
            }
            add(MetricNames.GPU_MEMORY_USED, "By", Reading.Kind.GAUGE, MIB, attributes, text(memory, "used"), "used");
            add(MetricNames.GPU_MEMORY_TOTAL, "By", Reading.Kind.GAUGE, MIB, attributes, text(memory, "total"), "total");
            add(MetricNames.GPU_MEMORY_RESERVED, "By", Reading.Kind.GAUGE, MIB, attributes, text(memory, "reserved"), "reserved");
            add(MetricNames.GPU_MEMORY_FREE, "By", Reading.Kind.GAUGE, MIB, attributes, text(memory, "free"), "free");
        }

        private void ecc() {
            Element ecc = child(gpu, "ecc_errors");
            if (ecc == null) {
                return;
            }
            for (String counter : List.of("volatile", "aggregate")) {
                Element counts = child(ecc, counter);
                if (counts == null) {
                    continue;
                }
                // v12+: sram_/dram_ correctable and uncorrectable; before: single_bit/total and double_bit/total.
                double corrected = sum(counts, "sram_correctable", "dram_correctable");
                double uncorrected = sum(counts, "sram_uncorrectable", "dram_uncorrectable");
                if (Double.isNaN(corrected)) {
                    corrected = value(text(counts, "single_bit", "total"), counter + "/single_bit/total", 1);
                }
                if (Double.isNaN(uncorrected)) {
                    uncorrected = value(text(counts, "double_bit", "total"), counter + "/double_bit/total", 1);
                }
                addValue(MetricNames.GPU_ECC_ERRORS, "{error}", Reading.Kind.COUNTER, corrected,
                        identity.toBuilder().put(ERROR_TYPE, "corrected").put(ECC_COUNTER, counter).build());
                addValue(MetricNames.GPU_ECC_ERRORS, "{error}", Reading.Kind.COUNTER, uncorrected,
                        identity.toBuilder().put(ERROR_TYPE, "uncorrected").put(ECC_COUNTER, counter).build());
            }
        }

        private double sum(Element parent, String... names) {
            double total = Double.NaN;
            for (String name : names) {
                double value = value(text(parent, name), name, 1);
                if (!Double.isNaN(value)) {
                    total = Double.isNaN(total) ? value : total + value;
                }
            }
            return total;
        }

        private void retiredPages() {
            Element pages = child(gpu, "retired_pages");
            if (pages == null) {
                return;
            }
            add(MetricNames.GPU_RETIRED_PAGES, "{page}", Reading.Kind.GAUGE, 1,
                    identity.toBuilder().put(CAUSE, "single_bit_ecc").build(),
                    text(pages, "multiple_single_bit_retirement", "retired_count"), "single bit retired_count");
            add(MetricNames.GPU_RETIRED_PAGES, "{page}", Reading.Kind.GAUGE, 1,
                    identity.toBuilder().put(CAUSE, "double_bit_ecc").build(),
                    text(pages, "double_bit_retirement", "retired_count"), "double bit retired_count");
            String pending = text(pages, "pending_retirement");
            if (pending == null) {
                pending = text(pages, "pending_blacklist");
            }
            addFlag(MetricNames.GPU_RETIRED_PAGES_PENDING, identity, pending, "pending_retirement");
        }

        private void throttleReasons() {
            // clocks_event_reasons since driver 535, clocks_throttle_reasons before.
            for (String[] names : new String[][] {{"clocks_event_reasons", "clocks_event_reason_"},
                    {"clocks_throttle_reasons", "clocks_throttle_reason_"}}) {
                Element reasons = child(gpu, names[0]);
                if (reasons == null) {
                    continue;
                }
                for (Element reason : children(reasons, null)) {
                    String tag = reason.getTagName();
                    if (!tag.startsWith(names[1])) {
                        continue;
                    }
                    addFlag(MetricNames.GPU_THROTTLE_ACTIVE,
                            identity.toBuilder().put(REASON, tag.substring(names[1].length())).build(),
                            reason.getTextContent(), tag);
                }
            }
        }

        private void processes() {
            Element processes = child(gpu, "processes");
            if (processes == null) {
                return;
            }
            for (Element process : children(processes, "process_info")) {
                String pidText = NvidiaSmiValues.text(text(process, "pid"));
                if (pidText == null) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(pidText);
                } catch (NumberFormatException e) {
                    warnings.add(where + ": process pid '" + pidText + "' is not a number");
                    continue;
                }
                var attributes = identity.toBuilder().put(PROCESS_PID, pid);
                String name = NvidiaSmiValues.text(text(process, "process_name"));
                if (name != null) {
                    attributes.put(PROCESS_NAME, name);
                }
                String instance = NvidiaSmiValues.text(text(process, "gpu_instance_id"));
                if (instance != null) {
                    attributes.put(GpuAttributes.MIG_INSTANCE, instance);
                }
                add(MetricNames.GPU_PROCESS_MEMORY_USED, "By", Reading.Kind.GAUGE, MIB, attributes.build(),
                        text(process, "used_memory"), "process " + pid + " used_memory");
            }
        }

        private void migDevices() {
            Element devices = child(gpu, "mig_devices");
            if (devices == null) {
                return;
            }
            for (Element device : children(devices, "mig_device")) {
                String instance = NvidiaSmiValues.text(text(device, "gpu_instance_id"));
                if (instance == null) {
                    warnings.add(where + ": a mig_device without gpu_instance_id; skipped");
                    continue;
                }
                Attributes attributes = identity.toBuilder().put(GpuAttributes.MIG_INSTANCE, instance).build();
                memory(child(device, "fb_memory_usage"), attributes);
            }
        }

        private void gauge(String metric, String unit, double scale, Attributes attributes, String... path) {
            add(metric, unit, Reading.Kind.GAUGE, scale, attributes, text(gpu, path), String.join("/", path));
        }

        private void firstGauge(String metric, String unit, Attributes attributes, String[]... paths) {
            for (String[] path : paths) {
                double value = value(text(gpu, path), String.join("/", path), 1);
                if (!Double.isNaN(value)) {
                    addValue(metric, unit, Reading.Kind.GAUGE, value, attributes);
                    return;
                }
            }
        }

        private void add(String metric, String unit, Reading.Kind kind, double scale, Attributes attributes,
                String raw, String element) {
            addValue(metric, unit, kind, value(raw, element, scale), attributes);
        }

        private void addFlag(String metric, Attributes attributes, String raw, String element) {
            try {
                addValue(metric, "1", Reading.Kind.GAUGE, NvidiaSmiValues.flag(raw), attributes);
            } catch (IllegalArgumentException e) {
                warnings.add(where + ": <" + element + ">: " + e.getMessage());
            }
        }

        private double value(String raw, String element, double scale) {
            if (raw == null) {
                return Double.NaN;
            }
            try {
                double value = NvidiaSmiValues.number(raw) * scale;
                if (Double.isInfinite(value)) {
                    // e.g. "1.7976931348623157E308 MiB" in bytes (found by fuzzing)
                    warnings.add(where + ": <" + element + ">: '" + raw.strip() + "' is too large");
                    return Double.NaN;
                }
                return value;
            } catch (IllegalArgumentException e) {
                warnings.add(where + ": <" + element + ">: " + e.getMessage());
                return Double.NaN;
            }
        }

        private void addValue(String metric, String unit, Reading.Kind kind, double value, Attributes attributes) {
            if (!Double.isNaN(value)) {
                out.add(new Reading(metric, unit, kind, value, attributes, 0));
            }
        }
    }

    /** The text of the element at {@code path} under {@code parent}, or null when absent. */
    static String text(Element parent, String... path) {
        Element element = parent;
        for (String name : path) {
            element = child(element, name);
            if (element == null) {
                return null;
            }
        }
        return element.getTextContent();
    }

    static Element child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element;
            }
        }
        return null;
    }

    /** Child elements, all of them when {@code name} is null. */
    static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && (name == null || element.getTagName().equals(name))) {
                found.add(element);
            }
        }
        return found;
    }

    /** True when the bytes look like nvidia-smi XML (for format detection). */
    public static boolean looksLikeXml(String head) {
        String start = head.stripLeading().toLowerCase(Locale.ROOT);
        return start.startsWith("<?xml") || start.startsWith("<!doctype nvidia_smi_log") || start.startsWith("<nvidia_smi_log");
    }
}
