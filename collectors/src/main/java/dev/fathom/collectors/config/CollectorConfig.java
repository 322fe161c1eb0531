package dev.fathom.collectors.config;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import dev.fathom.model.Topics;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The collector's YAML configuration ({@code fathom collect --config FILE}). Each key is declared
 * once here, with its default and its documentation; {@link ConfigReference} prints the reference
 * in docs/collectors.md from these classes. Setters check their value, so a bad value fails at
 * load naming its line.
 */
public final class CollectorConfig {

    private Host host = new Host();
    private Duration interval = Duration.ofSeconds(10);
    private Kafka kafka = new Kafka();
    private Spool spool = new Spool();
    private SelfMetrics selfMetrics = new SelfMetrics();
    private Sources sources = new Sources();
    private Receivers receivers = new Receivers();

    public Receivers getReceivers() { return receivers; }
    @JsonPropertyDescription("OTLP receivers whose data goes through this collector's transport and spool.")
    public void setReceivers(Receivers receivers) { this.receivers = receivers; }

    public Host getHost() { return host; }
    @JsonPropertyDescription("Where the points come from: the resource attributes of this machine's metrics.")
    public void setHost(Host host) { this.host = host; }

    public Duration getInterval() { return interval; }
    @JsonPropertyDescription("How often every source is read and one OTLP request per host is written, at least 100ms.")
    public void setInterval(String interval) {
        Duration value = ConfigValues.duration(interval);
        if (value.toMillis() < 100) {
            throw new IllegalArgumentException("interval must be at least 100ms, was " + ConfigValues.quoted(interval));
        }
        this.interval = value;
    }

    public Kafka getKafka() { return kafka; }
    @JsonPropertyDescription("Where records go.")
    public void setKafka(Kafka kafka) { this.kafka = kafka; }

    public Spool getSpool() { return spool; }
    @JsonPropertyDescription("The bounded disk spool that keeps records while Kafka cannot be reached.")
    public void setSpool(Spool spool) { this.spool = spool; }

    public SelfMetrics getSelfMetrics() { return selfMetrics; }
    @JsonPropertyDescription("The collector's own health and counters in Prometheus format.")
    public void setSelfMetrics(SelfMetrics selfMetrics) { this.selfMetrics = selfMetrics; }

    public Sources getSources() { return sources; }
    @JsonPropertyDescription("What to read; each source is optional.")
    public void setSources(Sources sources) { this.sources = sources; }

    public static final class Host {
        private String name;
        private String cluster = "local";

        public String getName() { return name; }
        @JsonPropertyDescription("host.name of this machine's metrics; default the local host name.")
        public void setName(String name) { this.name = nonBlank(name, "host.name"); }

        public String getCluster() { return cluster; }
        @JsonPropertyDescription("cluster attribute of this machine's metrics.")
        public void setCluster(String cluster) { this.cluster = nonBlank(cluster, "cluster"); }
    }

    public static final class Kafka {
        private String bootstrapServers = "localhost:9092";
        private String topic = Topics.OTLP_METRICS;
        private Duration deliveryTimeout = Duration.ofSeconds(30);
        private Map<String, String> producer = new LinkedHashMap<>();
        private Path config;

        public String getBootstrapServers() { return bootstrapServers; }
        @JsonPropertyDescription("Kafka brokers, host:port[,host:port...].")
        public void setBootstrapServers(String bootstrapServers) {
            for (String server : nonBlank(bootstrapServers, "bootstrap_servers").split(",")) {
                if (!server.strip().matches("[^:\\s]+:\\d{1,5}")) {
                    throw new IllegalArgumentException(ConfigValues.quoted(server.strip()) + " is not host:port");
                }
                int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1).strip());
                if (port < 1 || port > 65535) {
                    throw new IllegalArgumentException(ConfigValues.quoted(server.strip()) + ": port must be 1..65535");
                }
            }
            this.bootstrapServers = bootstrapServers;
        }

        public String getTopic() { return topic; }
        @JsonPropertyDescription("Topic of the OTLP protobuf records.")
        public void setTopic(String topic) { this.topic = nonBlank(topic, "topic"); }

        public Duration getDeliveryTimeout() { return deliveryTimeout; }
        @JsonPropertyDescription("How long one send may wait for the broker before it counts as failed (and, with a spool, is retried).")
        public void setDeliveryTimeout(String deliveryTimeout) {
            Duration value = ConfigValues.duration(deliveryTimeout);
            if (value.toMillis() < 100) {
                throw new IllegalArgumentException("delivery_timeout must be at least 100ms, was " + ConfigValues.quoted(deliveryTimeout));
            }
            this.deliveryTimeout = value;
        }

        public Path getConfig() { return config; }
        @JsonPropertyDescription("Kafka client properties file (security.protocol, sasl.*, ssl.*, as for Kafka's --command-config; see docs/security.md); default $FATHOM_KAFKA_CONFIG, else PLAINTEXT.")
        public void setConfig(String config) { this.config = Path.of(nonBlank(config, "kafka.config")); }

        public Map<String, String> getProducer() { return producer; }
        @JsonPropertyDescription("Any other Kafka producer setting (e.g. security.protocol: SSL); applied last.")
        public void setProducer(Map<String, String> producer) { this.producer = new LinkedHashMap<>(producer); }
    }

    public static final class Spool {
        private Path directory;
        private long maxBytes = 256L * 1024 * 1024;
        private boolean fsync;

        public Path getDirectory() { return directory; }
        @JsonPropertyDescription("Directory of the spool; no spool when absent (points Kafka does not take in time are then dropped and counted).")
        public void setDirectory(String directory) { this.directory = Path.of(nonBlank(directory, "spool.directory")); }

        public long getMaxBytes() { return maxBytes; }
        @JsonPropertyDescription("Size limit, e.g. 256MiB; when full the oldest records are dropped and counted. At least 64KiB.")
        public void setMaxBytes(Object maxBytes) {
            long value = ConfigValues.bytes(String.valueOf(maxBytes));
            if (value < 64 * 1024) {
                throw new IllegalArgumentException("max_bytes must be at least 64KiB, was " + ConfigValues.quoted(String.valueOf(maxBytes)));
            }
            this.maxBytes = value;
        }

        public boolean isFsync() { return fsync; }
        @JsonPropertyDescription("Force every append to the device: survives a power cut, costs a disk flush per record.")
        public void setFsync(boolean fsync) { this.fsync = fsync; }
    }

    public static final class SelfMetrics {
        private InetSocketAddress listen;

        public InetSocketAddress getListen() { return listen; }
        @JsonPropertyDescription("host:port for /metrics and /healthz, e.g. 127.0.0.1:9464 (port 0 picks one); off when absent.")
        public void setListen(String listen) {
            int colon = listen.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException(ConfigValues.quoted(listen) + " is not host:port");
            }
            int port;
            try {
                port = Integer.parseInt(listen.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(ConfigValues.quoted(listen) + " has no port number");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is out of range");
            }
            // unresolved: no name lookup while the config loads; CollectorFactory resolves it at start
            this.listen = InetSocketAddress.createUnresolved(listen.substring(0, colon), port);
        }
    }

    public static final class Sources {
        private NvidiaSmi nvidiaSmi = new NvidiaSmi();
        private HostMetrics hostMetrics = new HostMetrics();
        private List<PrometheusScrape> prometheus = new ArrayList<>();
        private SimulatedFleet simulatedFleet = new SimulatedFleet();

        public NvidiaSmi getNvidiaSmi() { return nvidiaSmi; }
        @JsonPropertyDescription("GPUs through nvidia-smi.")
        public void setNvidiaSmi(NvidiaSmi nvidiaSmi) { this.nvidiaSmi = nvidiaSmi; }

        public HostMetrics getHostMetrics() { return hostMetrics; }
        @JsonPropertyDescription("This machine's network, InfiniBand, disks, file systems and NFS mounts.")
        public void setHostMetrics(HostMetrics hostMetrics) { this.hostMetrics = hostMetrics; }

        public List<PrometheusScrape> getPrometheus() { return prometheus; }
        @JsonPropertyDescription("Prometheus endpoints to scrape (dcgm-exporter, node-exporter, any exporter).")
        public void setPrometheus(List<PrometheusScrape> prometheus) { this.prometheus = new ArrayList<>(prometheus); }

        public SimulatedFleet getSimulatedFleet() { return simulatedFleet; }
        @JsonPropertyDescription("A simulated GPU fleet, for demos and benchmarks.")
        public void setSimulatedFleet(SimulatedFleet simulatedFleet) { this.simulatedFleet = simulatedFleet; }
    }

    public static final class NvidiaSmi {
        private boolean enabled;
        private List<String> command = List.of("nvidia-smi");
        private Duration loopInterval = Duration.ofSeconds(1);
        private Duration xmlInterval = Duration.ofSeconds(30);
        private Duration maxRestartBackoff = Duration.ofSeconds(60);

        public boolean isEnabled() { return enabled; }
        @JsonPropertyDescription("Run nvidia-smi.")
        public void setEnabled(boolean enabled) { this.enabled = enabled; }

        public List<String> getCommand() { return command; }
        @JsonPropertyDescription("The executable and leading arguments.")
        public void setCommand(List<String> command) {
            if (command.isEmpty() || command.get(0).isBlank()) {
                throw new IllegalArgumentException("command must name the nvidia-smi executable");
            }
            this.command = List.copyOf(command);
        }

        public Duration getLoopInterval() { return loopInterval; }
        @JsonPropertyDescription("-lms period of the long-lived --query-gpu child.")
        public void setLoopInterval(String loopInterval) {
            this.loopInterval = ConfigValues.positive(ConfigValues.duration(loopInterval), "loop_interval");
        }

        public Duration getXmlInterval() { return xmlInterval; }
        @JsonPropertyDescription("How often nvidia-smi -q -x runs (MIG devices, processes, ECC); 0s for never.")
        public void setXmlInterval(String xmlInterval) {
            Duration value = ConfigValues.duration(xmlInterval);
            if (value.isNegative()) {
                throw new IllegalArgumentException("xml_interval must not be negative");
            }
            this.xmlInterval = value;
        }

        public Duration getMaxRestartBackoff() { return maxRestartBackoff; }
        @JsonPropertyDescription("Longest wait before restarting a dead nvidia-smi child (the wait starts at 1s and doubles).")
        public void setMaxRestartBackoff(String maxRestartBackoff) {
            this.maxRestartBackoff = ConfigValues.positive(ConfigValues.duration(maxRestartBackoff), "max_restart_backoff");
        }
    }

    public static final class HostMetrics {
        private boolean enabled = true;
        private Path procRoot = Path.of("/proc");
        private Path sysRoot = Path.of("/sys");

        public boolean isEnabled() { return enabled; }
        @JsonPropertyDescription("Read this machine's counters.")
        public void setEnabled(boolean enabled) { this.enabled = enabled; }

        public Path getProcRoot() { return procRoot; }
        @JsonPropertyDescription("Where /proc is (net/dev, diskstats, self/mountstats).")
        public void setProcRoot(String procRoot) { this.procRoot = Path.of(nonBlank(procRoot, "proc_root")); }

        public Path getSysRoot() { return sysRoot; }
        @JsonPropertyDescription("Where /sys is (class/net, class/infiniband).")
        public void setSysRoot(String sysRoot) { this.sysRoot = Path.of(nonBlank(sysRoot, "sys_root")); }
    }

    public static final class PrometheusScrape {
        private String name;
        private URI url;
        private String preset = "none";
        private Duration timeout = Duration.ofSeconds(5);
        private long maxBodyBytes = 32L * 1024 * 1024;
        private boolean passUnmapped;
        private Map<String, String> labels = new LinkedHashMap<>();
        private List<MetricRule> metrics = new ArrayList<>();

        public String getName() { return name; }
        @JsonPropertyDescription("Names the source in logs and self metrics (required).")
        public void setName(String name) { this.name = nonBlank(name, "name"); }

        public URI getUrl() { return url; }
        @JsonPropertyDescription("The http(s) URL to scrape (required), e.g. http://127.0.0.1:9400/metrics.")
        public void setUrl(String url) {
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(ConfigValues.quoted(url) + " is not a URL");
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException(ConfigValues.quoted(url) + " is not an http or https URL");
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException(ConfigValues.quoted(url) + " has no host");
            }
            this.url = uri;
        }

        public String getPreset() { return preset; }
        @JsonPropertyDescription("Built-in mapping: dcgm-exporter, nvidia-gpu-exporter, node-exporter or none; metrics rules come first.")
        public void setPreset(String preset) {
            dev.fathom.collectors.prometheus.PrometheusMappings.preset(preset); // fails here for an unknown name
            this.preset = preset;
        }

        public Duration getTimeout() { return timeout; }
        @JsonPropertyDescription("How long one scrape may take.")
        public void setTimeout(String timeout) { this.timeout = ConfigValues.positive(ConfigValues.duration(timeout), "timeout"); }

        public long getMaxBodyBytes() { return maxBodyBytes; }
        @JsonPropertyDescription("A larger response is refused (and counted as a failed read).")
        public void setMaxBodyBytes(Object maxBodyBytes) { this.maxBodyBytes = ConfigValues.bytes(String.valueOf(maxBodyBytes)); }

        public boolean isPassUnmapped() { return passUnmapped; }
        @JsonPropertyDescription("Also send series no rule names, under their Prometheus name.")
        public void setPassUnmapped(boolean passUnmapped) { this.passUnmapped = passUnmapped; }

        public Map<String, String> getLabels() { return labels; }
        @JsonPropertyDescription("Label renames, prometheus_label: attribute.key (\"\" drops the label).")
        public void setLabels(Map<String, String> labels) { this.labels = new LinkedHashMap<>(labels); }

        public List<MetricRule> getMetrics() { return metrics; }
        @JsonPropertyDescription("Rules from Prometheus names to Fathom metrics, first match wins.")
        public void setMetrics(List<MetricRule> metrics) { this.metrics = new ArrayList<>(metrics); }
    }

    public static final class MetricRule {
        private String match;
        private boolean regex;
        private String name;
        private String unit = "";
        private double scale = 1;
        private String kind;
        private Map<String, String> attributes = new LinkedHashMap<>();

        public String getMatch() { return match; }
        @JsonPropertyDescription("Prometheus series name (required).")
        public void setMatch(String match) { this.match = nonBlank(match, "match"); }

        public boolean isRegex() { return regex; }
        @JsonPropertyDescription("match is a regular expression over the whole name.")
        public void setRegex(boolean regex) { this.regex = regex; }

        public String getName() { return name; }
        @JsonPropertyDescription("Metric name to emit (required).")
        public void setName(String name) { this.name = nonBlank(name, "name"); }

        public String getUnit() { return unit; }
        @JsonPropertyDescription("OpenTelemetry unit of the emitted metric, e.g. By, W, 1.")
        public void setUnit(String unit) { this.unit = unit; }

        public double getScale() { return scale; }
        @JsonPropertyDescription("Factor from the exporter's unit to unit.")
        public void setScale(double scale) {
            if (Double.isNaN(scale) || Double.isInfinite(scale) || scale == 0) {
                throw new IllegalArgumentException("scale must be a finite non-zero number");
            }
            this.scale = scale;
        }

        public String getKind() { return kind; }
        @JsonPropertyDescription("gauge or counter; default from the family's # TYPE.")
        public void setKind(String kind) {
            if (!kind.equals("gauge") && !kind.equals("counter")) {
                throw new IllegalArgumentException("kind must be gauge or counter, was " + ConfigValues.quoted(kind));
            }
            this.kind = kind;
        }

        public Map<String, String> getAttributes() { return attributes; }
        @JsonPropertyDescription("Attributes every point of this rule gets, e.g. direction: receive.")
        public void setAttributes(Map<String, String> attributes) { this.attributes = new LinkedHashMap<>(attributes); }
    }

    public static final class SimulatedFleet {
        private int nodes;
        private int gpusPerNode = 8;
        private long seed = 42;
        private List<String> workloads = List.of("training");
        private List<Integer> migNodes = List.of();
        private String featuresTopic;
        private List<ScheduledFault> faults = new ArrayList<>();

        public List<String> getWorkloads() { return workloads; }
        @JsonPropertyDescription("Workload of node n is workloads[n % size]: training, inference (daily cycle) or idle.")
        public void setWorkloads(List<String> workloads) {
            if (workloads.isEmpty()) {
                throw new IllegalArgumentException("workloads must name at least one of training, inference, idle");
            }
            for (String workload : workloads) {
                if (!List.of("training", "inference", "idle").contains(workload)) {
                    throw new IllegalArgumentException(ConfigValues.quoted(workload) + " is not a workload: use training, inference or idle");
                }
            }
            this.workloads = List.copyOf(workloads);
        }

        public List<Integer> getMigNodes() { return migNodes; }
        @JsonPropertyDescription("0-based indexes of the nodes whose GPUs run MIG (each instance its own series).")
        public void setMigNodes(List<Integer> migNodes) { this.migNodes = List.copyOf(migNodes); }

        public String getFeaturesTopic() { return featuresTopic; }
        @JsonPropertyDescription("Send the inference nodes' feature records (JSON lines) to this topic, e.g. inference_features; off when absent.")
        public void setFeaturesTopic(String featuresTopic) { this.featuresTopic = nonBlank(featuresTopic, "features_topic"); }

        public List<ScheduledFault> getFaults() { return faults; }
        @JsonPropertyDescription("Faults to show on a schedule.")
        public void setFaults(List<ScheduledFault> faults) { this.faults = new ArrayList<>(faults); }

        public int getNodes() { return nodes; }
        @JsonPropertyDescription("Simulated nodes sim-node-01..; 0 for none.")
        public void setNodes(int nodes) {
            if (nodes < 0 || nodes > 99) {
                throw new IllegalArgumentException("nodes must be 0..99, was " + nodes);
            }
            this.nodes = nodes;
        }

        public int getGpusPerNode() { return gpusPerNode; }
        @JsonPropertyDescription("GPUs per simulated node, 1..16.")
        public void setGpusPerNode(int gpusPerNode) {
            if (gpusPerNode < 1 || gpusPerNode > 16) {
                throw new IllegalArgumentException("gpus_per_node must be 1..16, was " + gpusPerNode);
            }
            this.gpusPerNode = gpusPerNode;
        }

        public long getSeed() { return seed; }
        @JsonPropertyDescription("Seed of the simulation: the same seed gives the same readings.")
        public void setSeed(long seed) { this.seed = seed; }
    }

    public static final class Receivers {
        private OtlpReceiverConfig otlp = new OtlpReceiverConfig();

        public OtlpReceiverConfig getOtlp() { return otlp; }
        @JsonPropertyDescription("OTLP/HTTP (/v1/metrics) and OTLP/gRPC; see otlp-receivers.md.")
        public void setOtlp(OtlpReceiverConfig otlp) { this.otlp = otlp; }
    }

    public static final class OtlpReceiverConfig {
        private boolean enabled;
        private String host = "0.0.0.0";
        private int httpPort = 4318;
        private int grpcPort = 4317;
        private Path bearerTokenFile;
        private Path tlsKeystore;
        private Path tlsCert;
        private Path tlsKey;
        private long maxRequestBytes = 4L << 20;
        private long maxDecompressedBytes = 16L << 20;

        public boolean isEnabled() { return enabled; }
        @JsonPropertyDescription("Run the receivers.")
        public void setEnabled(boolean enabled) { this.enabled = enabled; }

        public String getHost() { return host; }
        @JsonPropertyDescription("Address to bind.")
        public void setHost(String host) { this.host = nonBlank(host, "host"); }

        public int getHttpPort() { return httpPort; }
        @JsonPropertyDescription("OTLP/HTTP port; -1 off, 0 any free port.")
        public void setHttpPort(int httpPort) { this.httpPort = port(httpPort, "http_port"); }

        public int getGrpcPort() { return grpcPort; }
        @JsonPropertyDescription("OTLP/gRPC port; -1 off, 0 any free port.")
        public void setGrpcPort(int grpcPort) { this.grpcPort = port(grpcPort, "grpc_port"); }

        @JsonPropertyDescription("Not accepted: secrets stay out of config files; use bearer_token_file or $FATHOM_OTLP_TOKEN.")
        public void setBearerToken(String bearerToken) {
            throw new IllegalArgumentException("receivers.otlp.bearer_token is not accepted (secrets stay out of config files):"
                    + " put the token in a file and set bearer_token_file, or set FATHOM_OTLP_TOKEN (or FATHOM_OTLP_TOKEN_FILE)");
        }

        public Path getBearerTokenFile() { return bearerTokenFile; }
        @JsonPropertyDescription("File holding the token requests must carry as Authorization: Bearer <token>; otherwise $FATHOM_OTLP_TOKEN or $FATHOM_OTLP_TOKEN_FILE; none: no auth.")
        public void setBearerTokenFile(String file) { this.bearerTokenFile = Path.of(nonBlank(file, "bearer_token_file")); }

        public Path getTlsKeystore() { return tlsKeystore; }
        @JsonPropertyDescription("PKCS12 key store with the server certificate: both receivers speak TLS. Password from $FATHOM_OTLP_TLS_KEYSTORE_PASSWORD(_FILE).")
        public void setTlsKeystore(String file) { this.tlsKeystore = Path.of(nonBlank(file, "tls_keystore")); }

        public Path getTlsCert() { return tlsCert; }
        @JsonPropertyDescription("PEM certificate chain (with tls_key): both receivers speak TLS.")
        public void setTlsCert(String file) { this.tlsCert = Path.of(nonBlank(file, "tls_cert")); }

        public Path getTlsKey() { return tlsKey; }
        @JsonPropertyDescription("PEM PKCS#8 private key of tls_cert.")
        public void setTlsKey(String file) { this.tlsKey = Path.of(nonBlank(file, "tls_key")); }

        public long getMaxRequestBytes() { return maxRequestBytes; }
        @JsonPropertyDescription("Largest request body as sent (compressed or not).")
        public void setMaxRequestBytes(Object maxRequestBytes) {
            this.maxRequestBytes = ConfigValues.bytes(String.valueOf(maxRequestBytes));
        }

        public long getMaxDecompressedBytes() { return maxDecompressedBytes; }
        @JsonPropertyDescription("Largest body after gzip, and largest gRPC message (at most 2GiB).")
        public void setMaxDecompressedBytes(Object maxDecompressedBytes) {
            long value = ConfigValues.bytes(String.valueOf(maxDecompressedBytes));
            if (value > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("max_decompressed_bytes must be below 2GiB");
            }
            this.maxDecompressedBytes = value;
        }

        private static int port(int port, String what) {
            if (port < -1 || port > 65535) {
                throw new IllegalArgumentException(what + " must be -1 (off), 0 (any) or 1..65535, was " + port);
            }
            return port;
        }
    }

    public static final class ScheduledFault {
        private String type;
        private String node;
        private Duration after = Duration.ZERO;
        private Duration duration = Duration.ofMinutes(5);

        public String getType() { return type; }
        @JsonPropertyDescription("thermal_throttling, xid_storm, nic_flapping or drifting_feature (required).")
        public void setType(String type) {
            try {
                dev.fathom.collectors.gpu.Fault.valueOf(type.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(ConfigValues.quoted(type) + " is not a fault: use thermal_throttling, xid_storm, "
                        + "nic_flapping or drifting_feature");
            }
            this.type = type;
        }

        public String getNode() { return node; }
        @JsonPropertyDescription("The simulated node, e.g. sim-node-02 (required).")
        public void setNode(String node) { this.node = nonBlank(node, "node"); }

        public Duration getAfter() { return after; }
        @JsonPropertyDescription("When the fault starts, counted from the collector's start.")
        public void setAfter(String after) {
            Duration value = ConfigValues.duration(after);
            if (value.isNegative()) {
                throw new IllegalArgumentException("after must not be negative, was " + ConfigValues.quoted(after));
            }
            this.after = value;
        }

        public Duration getDuration() { return duration; }
        @JsonPropertyDescription("How long it lasts.")
        public void setDuration(String duration) { this.duration = ConfigValues.positive(ConfigValues.duration(duration), "duration"); }
    }

    static String nonBlank(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return value;
    }
}
