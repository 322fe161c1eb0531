package dev.fathom.collectors.fuzz;

import dev.fathom.local.fuzz.FuzzRun;

import dev.fathom.local.fuzz.Mutations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.collectors.gpu.nvidiasmi.NvidiaSmiCaptureFile;
import dev.fathom.collectors.gpu.nvidiasmi.NvidiaSmiCsvParser;
import dev.fathom.collectors.gpu.nvidiasmi.NvidiaSmiXmlParser;
import dev.fathom.collectors.host.ParseResult;
import dev.fathom.collectors.reading.Reading;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * nvidia-smi output, mutated and generated: the {@code --query-gpu} CSV (from the real captures'
 * query-gpu sections), whole capture files, and {@code -q -x} XML. The CSV parser never throws:
 * bad rows become warnings naming the line, and the other rows' readings stay. The XML parser
 * rejects a document that is not nvidia-smi XML with {@link NvidiaSmiXmlParser.XmlFormatException}
 * naming the line; it loads no DTD and survives entity and nesting bombs. Tries: jqwik's
 * {@code jqwik.tries.default} (1,000; the long form sets 100,000, see docs/reliability.md).
 */
class NvidiaSmiFuzzTest {

    static final List<byte[]> CAPTURES = Fixtures.under("nvidia-smi-captures/internal/captures", ".txt");
    static final List<byte[]> CSV = csvSections();
    static final List<byte[]> XML = Fixtures.under("nvidia-smi-xml", ".xml");

    static final List<String> CSV_TOKENS = List.of(", ", ",", "[N/A]", "[Not Supported]", "[Unknown Error]", " MiB",
            " W", " %", " MHz", "16x", "0x1", "Active", "Not Active", "Enabled", "index", "uuid", "name",
            "memory.used [MiB]", "power.draw [W]", "GPU-", "00000000:18:00.0", "\n0, ");

    static final List<String> XML_TOKENS = List.of("<gpu id=\"00000000:01:00.0\">", "</gpu>", "<nvidia_smi_log>",
            "</nvidia_smi_log>", "<fb_memory_usage>", "<used>", "</used>", " MiB", "N/A", "<mig_device>",
            "</mig_device>", "<gpu_instance_id>", "<process_info>", "<pid>", "<![CDATA[", "]]>", "&amp;", "&lt;",
            "&#0;", "&#x110000;", "<!-- ", " -->", "<?xml version=\"1.0\"?>", "<!DOCTYPE nvidia_smi_log SYSTEM \"nvsmi_device_v12.dtd\">",
            "<clocks_event_reason_gpu_idle>", "Active", "Not Active", "<a>", "</a>", "/>");

    /** The CSV fixtures as read unchanged, by index: read once, compared with many times. */
    private static final Map<Integer, ParseResult<Reading>> CLEAN = new java.util.concurrent.ConcurrentHashMap<>();

    @Property
    void csvDocumentsNeverThrowAndEveryWarningNamesItsLine(@ForAll("csvInputs") byte[] input) {
        FuzzRun.Outcome<ParseResult<Reading>> outcome = FuzzRun.parse(input,
                () -> NvidiaSmiCsvParser.parseDocument(FuzzRun.text(input), "fuzz.csv"), null);
        assertReadable(outcome.value(), "fuzz.csv");
    }

    @Property
    void captureFilesNeverThrow(@ForAll("captureInputs") byte[] input) {
        FuzzRun.Outcome<Map<String, ParseResult<Reading>>> outcome = FuzzRun.parse(input,
                () -> NvidiaSmiCaptureFile.parse(FuzzRun.text(input), "fuzz.txt"), null);
        outcome.value().values().forEach(result -> assertReadable(result, "fuzz.txt"));
    }

    /** A row of garbage among good rows costs that row only: the other rows' readings are all there. */
    @Property
    void aGarbageRowKeepsTheOtherRows(@ForAll("csvSeeds") int seed, @ForAll("garbageLines") String garbage,
            @ForAll("fractions") double where) {
        String clean = new String(CSV.get(seed), StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>(clean.lines().toList());
        int at = 1 + (int) (where * (lines.size() - 1)); // after the header
        lines.add(at, garbage);
        ParseResult<Reading> before = CLEAN.computeIfAbsent(seed, i -> NvidiaSmiCsvParser.parseDocument(clean, "fuzz.csv"));
        ParseResult<Reading> after = FuzzRun.parse(garbage.getBytes(StandardCharsets.UTF_8),
                () -> NvidiaSmiCsvParser.parseDocument(String.join("\n", lines), "fuzz.csv"), null).value();
        assertThat(after.rows()).containsExactlyElementsOf(before.rows());
        assertThat(after.warnings()).hasSize(before.warnings().size() + 1)
                .anySatisfy(w -> assertThat(w).startsWith("fuzz.csv line " + (at + 1) + ": "));
    }

    @Property
    void xmlDocumentsAreReadOrRejectedWithTheirLine(@ForAll("xmlInputs") byte[] input) {
        FuzzRun.Outcome<ParseResult<Reading>> outcome = FuzzRun.parse(input,
                () -> NvidiaSmiXmlParser.parse(input, "fuzz.xml"), NvidiaSmiXmlParser.XmlFormatException.class);
        if (outcome.rejected()) {
            assertThat(outcome.rejection().getMessage()).startsWith("fuzz.xml");
        } else {
            assertReadable(outcome.value(), "fuzz.xml gpu ");
        }
    }

    static void assertReadable(ParseResult<Reading> result, String origin) {
        assertThat(result.warnings()).allSatisfy(w -> assertThat(w).startsWith(origin).hasSizeGreaterThan(origin.length() + 2));
        assertThat(result.rows()).allSatisfy(r -> assertThat(Double.isFinite(r.value()))
                .as("finite value of %s", r).isTrue());
    }

    @Provide
    Arbitrary<byte[]> csvInputs() {
        return Mutations.inputs(CSV, CSV_TOKENS, List.of());
    }

    @Provide
    Arbitrary<byte[]> captureInputs() {
        return Mutations.inputs(CAPTURES, CSV_TOKENS, List.of(Mutations.utf8("#".repeat(80) + "\n# load :: \n")));
    }

    @Provide
    Arbitrary<byte[]> xmlInputs() {
        return Mutations.inputs(XML, XML_TOKENS, Bombs.xml());
    }

    @Provide
    Arbitrary<Integer> csvSeeds() {
        return Arbitraries.integers().between(0, CSV.size() - 1);
    }

    /** Lines that cannot be a row: no comma, so never the header's column count. */
    @Provide
    Arbitrary<String> garbageLines() {
        return Arbitraries.strings().ofMinLength(1).ofMaxLength(200)
                .filter(s -> s.indexOf(',') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0 && !s.isBlank()
                        && s.lines().count() == 1);
    }

    @Provide
    Arbitrary<Double> fractions() {
        return Arbitraries.doubles().between(0, 0.999).ofScale(3);
    }

    /** The query-gpu sections (with their header lines) of every capture. */
    private static List<byte[]> csvSections() {
        List<byte[]> out = new ArrayList<>();
        for (byte[] capture : CAPTURES) {
            for (NvidiaSmiCaptureFile.Section section : NvidiaSmiCaptureFile.sections(new String(capture, StandardCharsets.UTF_8))) {
                if (section.title().startsWith("query-gpu") && !section.body().isBlank()) {
                    out.add(section.body().strip().getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }
}
