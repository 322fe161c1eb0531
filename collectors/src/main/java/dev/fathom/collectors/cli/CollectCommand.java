package dev.fathom.collectors.cli;

import dev.fathom.collectors.Collector;
import dev.fathom.collectors.config.CollectorConfig;
import dev.fathom.collectors.config.CollectorConfigLoader;
import dev.fathom.collectors.config.CollectorFactory;
import dev.fathom.collectors.config.ConfigException;
import dev.fathom.collectors.gpu.nvidiasmi.NvidiaSmiCaptureFile;
import dev.fathom.collectors.gpu.nvidiasmi.NvidiaSmiCsvParser;
import dev.fathom.collectors.gpu.nvidiasmi.NvidiaSmiXmlParser;
import dev.fathom.collectors.host.ParseResult;
import dev.fathom.collectors.prometheus.PrometheusMapping;
import dev.fathom.collectors.prometheus.PrometheusMappings;
import dev.fathom.collectors.prometheus.PrometheusTextParser;
import dev.fathom.collectors.reading.Reading;
import dev.fathom.model.AttributeKeys;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fathom collect}: runs a collector from a YAML config until SIGTERM/Ctrl-C, checks a
 * config, or replays a captured file and prints the OTLP it would send. Returns 0 when done, 2 for
 * bad input or usage, 1 when the collector fails; never calls System.exit.
 */
@Command(name = "collect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Collects GPU and host metrics into Kafka as OTLP, or replays a captured file.",
                "  collect --config FILE            run until SIGTERM or Ctrl-C",
                "  collect --config FILE --check    check the config and exit",
                "  collect --replay FILE --print    print what FILE would send as OTLP JSON, one request per line"})
public final class CollectCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "The collector's YAML config (see docs/collectors.md).")
    Path config;

    @Option(names = "--check", description = "With --config: load and check the config, print what would run, and exit.")
    boolean check;

    @Option(names = "--replay", paramLabel = "FILE",
            description = "A captured file: nvidia-smi CSV with header, nvidia-smi -q -x XML, Prometheus text, or a capture file with sections.")
    Path replay;

    @Option(names = "--print", description = "With --replay: print the OTLP JSON on stdout.")
    boolean print;

    @Option(names = "--preset", paramLabel = "NAME", defaultValue = "auto",
            description = "With --replay of Prometheus text: dcgm-exporter, nvidia-gpu-exporter, node-exporter, none or auto (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--host-name", paramLabel = "NAME", defaultValue = "replay",
            description = "With --replay: host.name of the printed resource (default: ${DEFAULT-VALUE}).")
    String hostName;

    private final CountDownLatch stopRequested = new CountDownLatch(1);

    public static void main(String[] args) {
        System.exit(new CommandLine(new CollectCommand()).execute(args));
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (replay != null && config != null) {
            err.println("collect: use either --config or --replay, not both");
            return 2;
        }
        if (replay != null) {
            if (!print) {
                err.println("collect: --replay needs --print (the only thing replay does so far is print)");
                return 2;
            }
            return replay(spec.commandLine().getOut(), err);
        }
        if (config == null) {
            err.println("collect: give --config FILE to run a collector, or --replay FILE --print");
            return 2;
        }
        return run(spec.commandLine().getOut(), err);
    }

    /** Asks a running {@code collect --config} to stop as SIGTERM would. */
    public void stop() {
        stopRequested.countDown();
    }

    private int run(PrintWriter out, PrintWriter err) {
        CollectorConfig loaded;
        try {
            loaded = CollectorConfigLoader.load(config);
        } catch (ConfigException e) {
            err.println("collect: " + e.getMessage());
            return 2;
        }
        Collector.Builder builder;
        Collector collector;
        try {
            builder = CollectorFactory.builder(loaded);
            collector = builder.build();
        } catch (IllegalArgumentException e) {
            err.println("collect: " + config + ": " + e.getMessage());
            return 2;
        }
        if (check) {
            out.println("config " + config + " is valid: " + collector.resources().size() + " host(s), Kafka "
                    + loaded.getKafka().getBootstrapServers() + " topic " + loaded.getKafka().getTopic()
                    + (loaded.getSpool().getDirectory() != null ? ", spool " + loaded.getSpool().getDirectory() : ", no spool"));
            out.flush();
            collector.close();
            return 0;
        }
        Thread hook = new Thread(() -> {
            stopRequested.countDown();
            collector.close();
        }, "fathom-collect-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            collector.start();
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            err.println("collect: " + e.getMessage());
            collector.close();
            return 1;
        }
        collector.close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it closed the collector
        }
        return 0;
    }

    private int replay(PrintWriter out, PrintWriter err) {
        byte[] content;
        try {
            content = Files.readAllBytes(replay);
        } catch (NoSuchFileException e) {
            err.println("collect: " + replay + ": no such file");
            return 2;
        } catch (IOException e) {
            err.println("collect: " + replay + ": cannot read: " + e.getMessage());
            return 2;
        }
        ReplayFormat format = ReplayFormat.detect(content);
        if (format == null) {
            err.println("collect: " + replay + " is not a known format: expected an nvidia-smi --query-gpu CSV with "
                    + "header, nvidia-smi -q -x XML, a Prometheus text exposition or an nvidia_gpu_exporter capture file");
            return 2;
        }
        Map<String, ParseResult<Reading>> batches = new LinkedHashMap<>();
        String origin = replay.toString();
        switch (format) {
            case NVIDIA_SMI_CAPTURE -> batches.putAll(NvidiaSmiCaptureFile.parse(new String(content, java.nio.charset.StandardCharsets.UTF_8), origin));
            case NVIDIA_SMI_XML -> {
                try {
                    batches.put("", NvidiaSmiXmlParser.parse(content, origin));
                } catch (NvidiaSmiXmlParser.XmlFormatException e) {
                    err.println("collect: " + e.getMessage());
                    return 2;
                }
            }
            case NVIDIA_SMI_CSV -> batches.put("", NvidiaSmiCsvParser.parseDocument(
                    new String(content, java.nio.charset.StandardCharsets.UTF_8), origin));
            case PROMETHEUS_TEXT -> {
                PrometheusTextParser.Result parsed = PrometheusTextParser.parse(content, origin);
                PrometheusMapping mapping = mappingFor(parsed);
                if (mapping == null) {
                    err.println("collect: unknown --preset '" + preset + "'");
                    return 2;
                }
                batches.put("", new ParseResult<>(mapping.map(parsed.families()), parsed.errors()));
            }
            default -> throw new IllegalStateException(format.name());
        }
        long now = System.currentTimeMillis() * 1_000_000L;
        int points = 0;
        for (Map.Entry<String, ParseResult<Reading>> batch : batches.entrySet()) {
            batch.getValue().warnings().forEach(w -> err.println("collect: warning: " + w));
            Resource resource = Resource.create(Attributes.builder()
                    .put(AttributeKeys.SERVICE_NAME, "fathom-collector")
                    .put(AttributeKeys.HOST_NAME, hostName)
                    .build());
            if (!batch.getKey().isEmpty()) {
                resource = resource.merge(Resource.create(Attributes.of(AttributeKey.stringKey("capture.state"), batch.getKey())));
            }
            out.println(OtlpJsonPrinter.json(OtlpJsonPrinter.request(resource, batch.getValue().rows(), now)));
            points += batch.getValue().rows().size();
        }
        out.flush();
        err.println("collect: " + replay + " read as " + format.description + ": " + points + " point(s) in "
                + batches.size() + " request(s)");
        err.flush();
        return 0;
    }

    private PrometheusMapping mappingFor(PrometheusTextParser.Result parsed) {
        String chosen = preset;
        if (chosen.equals("auto")) {
            chosen = "none";
            for (var family : parsed.families()) {
                if (family.name().startsWith("DCGM_FI_")) {
                    chosen = "dcgm-exporter";
                } else if (family.name().startsWith("nvidia_smi_")) {
                    chosen = "nvidia-gpu-exporter";
                } else if (family.name().startsWith("node_")) {
                    chosen = "node-exporter";
                }
                if (!chosen.equals("none")) {
                    break;
                }
            }
        }
        try {
            PrometheusMapping mapping = PrometheusMappings.preset(chosen);
            // With no preset that knows the exporter, print every series under its own name.
            return chosen.equals("none") ? mapping.passUnmapped(true) : mapping;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
