package dev.fathom.cli.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fathom.cli.reliability.FaultStack.Collector;
import dev.fathom.cli.reliability.Ledger.SeriesSum;
import dev.fathom.cli.reliability.PointStream.Request;
import dev.fathom.cli.reliability.Reconciliation.Counts;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection across the whole pipeline: a counted stream of points goes generator → OTLP/HTTP
 * → collector receiver and disk spool → Kafka → the points job (with the cost stage) → ClickHouse,
 * and while it flows one part fails at a time. After each scenario ClickHouse must hold every
 * accepted point exactly once (per series: rows, distinct times, sum of times, sum of values equal
 * to the generator's ledger); at the end the cost ledger must price exactly the GPU-minutes sent.
 * Each scenario prints: points sent, stored, lost, duplicated, recovery seconds.
 *
 * <p>Short form by default (outages of 6 s); {@code -Dfathom.faults.long=true} for soak runs (30 s
 * outages, twice the hosts, each scenario three times). See docs/reliability.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionIT {

    static final boolean LONG = Boolean.getBoolean("fathom.faults.long");
    static final Duration OUTAGE = Duration.ofSeconds(LONG ? 30 : 6);
    static final int HOSTS = LONG ? 8 : 4;
    static final int GPUS = 8;
    static final int REPEATS = LONG ? 3 : 1;
    /** A round of every host every 200 ms; a round is 1 s of event time, so event time runs 5x. */
    static final Duration PERIOD = Duration.ofMillis(200);
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(LONG ? 240 : 120);
    /** The H100's on-demand GPU-hour in the shipped price catalogue, per minute. */
    static final BigDecimal H100_MINUTE = new BigDecimal("4.50").divide(BigDecimal.valueOf(60));

    /**
     * Open findings this suite reports without failing (so `./fathom test` stays usable until
     * their owners fix them); -Dfathom.faults.strict=true fails on them too. See
     * docs/reliability.md "Findings".
     */
    static final boolean STRICT = Boolean.getBoolean("fathom.faults.strict");
    /**
     * Scenarios whose cost mismatch is an open finding. Empty: F1 (minutes of GPUs on lagging
     * partitions dropped as late when a restored job replays a backlog) is fixed in GpuCostFunction,
     * which prices a late minute at the next watermark, so a cost mismatch fails the run again.
     */
    static final List<String> KNOWN_COST_FINDINGS = List.of();
    /**
     * Scenarios whose duplicates are an open finding. Empty: F4 (a ClickHouse SIGKILL mid-commit
     * left a batch's rows without their marker and the retry wrote them again) is fixed in the sink
     * since 6a90bf4, so a duplicate fails the run again.
     */
    static final List<String> KNOWN_DUPLICATE_FINDINGS = List.of();

    @TempDir
    static Path dir;

    FaultStack stack;
    Collector collector;
    final PointStream stream = new PointStream();
    /** Per scenario: its hosts and ledger, for the cost check at the end. */
    final Map<String, Scenario> scenarios = new LinkedHashMap<>();

    record Scenario(String name, List<String> hosts, Ledger ledger) {}

    @BeforeAll
    void startStack() throws Exception {
        stack = new FaultStack(dir);
        stack.startJob(Optional.empty());
        collector = stack.addCollector("main", "64MiB");
        stack.startCollector(collector);
        ScenarioReport.header(LONG, OUTAGE);
    }

    @AfterAll
    void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void kafkaBrokerStoppedAndStartedAgain() throws Exception {
        for (int run = 1; run <= REPEATS; run++) {
            runScenario("kafka-" + run, "Kafka broker stopped " + OUTAGE.toSeconds() + " s", () -> {
                stack.stopKafka();
                Thread.sleep(OUTAGE.toMillis());
                stack.startKafka();
            });
        }
    }

    @Test
    @Order(2)
    void clickHouseKilledAndRestarted() throws Exception {
        for (int run = 1; run <= REPEATS; run++) {
            runScenario("clickhouse-" + run, "ClickHouse SIGKILL, down " + OUTAGE.toSeconds() + " s", () -> {
                stack.killClickHouse();
                Thread.sleep(OUTAGE.toMillis());
                stack.startClickHouse();
            });
        }
    }

    @Test
    @Order(3)
    void flinkJobKilledAndRestoredFromItsCheckpoint() throws Exception {
        for (int run = 1; run <= REPEATS; run++) {
            Path[] restoredFrom = new Path[1];
            runScenario("flink-" + run, "Flink job JVM SIGKILL, down " + OUTAGE.toSeconds() + " s", () -> {
                stack.killJob();
                Thread.sleep(OUTAGE.toMillis());
                restoredFrom[0] = stack.latestCheckpoint();
                stack.startJob(Optional.of(restoredFrom[0]));
            });
            // It did restore from that checkpoint, not from the committed offsets.
            assertThat(stack.job().logText()).contains("restoring " + restoredFrom[0].toUri());
        }
    }

    @Test
    @Order(4)
    void collectorKilledDuringBrokerOutageReplaysItsSpool() throws Exception {
        for (int run = 1; run <= REPEATS; run++) {
            runScenario("collector-" + run, "collector SIGKILL during a " + OUTAGE.toSeconds() + " s broker outage", () -> {
                stack.stopKafka();
                Thread.sleep(OUTAGE.toMillis() / 3);
                collector.process.kill();
                Thread.sleep(OUTAGE.toMillis() / 3);
                stack.startCollector(collector);
                Thread.sleep(OUTAGE.toMillis() / 3);
                stack.startKafka();
            });
        }
    }

    @Test
    @Order(5)
    void spoolFilledToItsCapDropsOldestAndCountsThem() throws Exception {
        Collector small = stack.addCollector("small", "256KiB");
        stack.startCollector(small);
        String name = "spool-full";
        List<String> hosts = List.of(name + "-0");
        Ledger ledger = new Ledger();
        List<Request> accepted = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        long started = System.nanoTime();
        double recovery;
        try (OtlpHttpSender sender = new OtlpHttpSender(stream, ledger, hosts, GPUS, PERIOD, small.receiverPort)) {
            stack.stopKafka();
            int[] rounds = {20, 35, 50};
            long faultEnd;
            try {
                for (int i = 0; refusals.size() < 3 && i < 400; i++) {
                    Request request = stream.nextBatch(hosts.get(0), GPUS, rounds[i % rounds.length]);
                    OtlpHttpSender.Answer answer = sender.send(request);
                    if (answer.status() / 100 == 2) {
                        ledger.accepted(request.points());
                        accepted.add(request);
                    } else {
                        refusals.add(answer.status() + " Retry-After: " + answer.retryAfter());
                    }
                }
            } finally {
                faultEnd = System.nanoTime();
                stack.heal(collector, small); // the broker starts again
            }
            recovery = awaitStored(hosts, ledger.points() - FaultStack.collectorCounter(small, "fathom_collector_points_dropped_total"), faultEnd);
        }
        // The sender was told to come back later, not silently dropped.
        // 503 once the collector has marked Kafka unreachable (after a failed delivery), 429 before.
        assertThat(refusals).as("answers once the spool passed 90 %%").isNotEmpty().allMatch(r -> r.matches("(503|429) Retry-After: \\d+"));
        long dropped = FaultStack.collectorCounter(small, "fathom_collector_points_dropped_total");
        settle();
        Map<String, SeriesSum> stored = Reconciliation.stored(stack.database(), hosts);
        // Only the oldest records may go: what is stored must be the ledger without some first
        // requests (k of them), and every point missing must be counted as dropped.
        Ledger kept = null;
        long lostPoints = 0;
        for (int k = 0; k <= accepted.size() && kept == null; k++) {
            Ledger candidate = new Ledger();
            accepted.subList(k, accepted.size()).forEach(r -> candidate.accepted(r.points()));
            if (candidate.series().equals(stored)) {
                kept = candidate;
                lostPoints = ledger.points() - candidate.points();
            }
        }
        Counts counts = Reconciliation.counts(ledger.series(), stored);
        ScenarioReport.row(name, "spool of 256 KiB filled while Kafka is down", ledger.points(), counts.stored(),
                lostPoints, counts.duplicated(), dropped, recovery,
                "refused: " + refusals.get(0) + "; counted as dropped but delivered: " + (dropped - lostPoints)
                        + "; " + (System.nanoTime() - started) / 1_000_000_000 + " s");
        assertThat(kept).as("ClickHouse holds the accepted requests without their oldest ones, each point once").isNotNull();
        assertThat(lostPoints).as("every point not stored is counted as dropped").isLessThanOrEqualTo(dropped);
        // F2 (fixed): records dropped for space while in flight count only if their delivery fails.
        assertThat(ledger.points()).as("accepted = stored + counted as dropped").isEqualTo(counts.stored() + dropped);
        scenarios.put(name, new Scenario(name, hosts, kept));
        small.process.close();
    }

    @Test
    @Order(6)
    void alertsServiceKilledWithAGroupPendingAndOneResolved() throws Exception {
        Path home = dir.resolve("alerts");
        Files.createDirectories(home);
        try (WebhookRecorder pagerduty = new WebhookRecorder(202, "{\"status\":\"success\",\"message\":\"Event processed\"}");
             WebhookRecorder slack = new WebhookRecorder(200, "ok")) {
            Files.writeString(home.resolve("pd.key"), "fault-suite-routing-key-0123456789");
            Files.writeString(home.resolve("slack.url"), slack.url("/services/T0/B0/faults"));
            Path config = home.resolve("alerts.yaml");
            Files.writeString(config, """
                    data_dir: state
                    server:
                      listen: 127.0.0.1:0
                    kafka:
                      bootstrap_servers: %s
                    clickhouse:
                      url: %s
                      database: %s
                    route:
                      receiver: oncall
                      group_by: [alertname]
                      group_wait: 5s
                      group_interval: 5s
                      repeat_interval: 4h
                    receivers:
                      - name: oncall
                        pagerduty_configs:
                          - routing_key_file: pd.key
                            url: %s
                        slack_configs:
                          - api_url_file: slack.url
                    delivery:
                      timeout: 2s
                      initial_backoff: 100ms
                      max_backoff: 1s
                    """.formatted(stack.kafkaBootstrap(), stack.database().baseUrl(), FaultStack.DATABASE, pagerduty.url("/v2/enqueue")));
            java.time.Instant now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            var resolvedBefore = dev.fathom.model.alert.Alert.firing(Map.of("alertname", "FaultResolvedBeforeRestart", "severity", "critical",
                    "host", "alerts-0"), Map.of("summary", "resolved and told before the restart"), now, "");
            var resolvedAcross = dev.fathom.model.alert.Alert.firing(Map.of("alertname", "FaultResolvedAcrossRestart", "severity", "critical",
                    "host", "alerts-1"), Map.of("summary", "resolved just before the kill, told after it"), now, "");

            ChildJvm alerts = AlertsProcess.start(dir, config, 1);
            long faultEnd;
            try (var producer = AlertsProcess.producer(stack.kafkaBootstrap())) {
                AlertsProcess.publish(producer, resolvedBefore, resolvedAcross);
                awaitNotifications(pagerduty, slack, 2);
                AlertsProcess.publish(producer, resolvedBefore.resolvedAt(java.time.Instant.now()));
                awaitNotifications(pagerduty, slack, 3);
                // A group pending (inside group_wait) and a resolve not yet told (inside group_interval).
                // Begins now: an alert older than group_wait would be flushed at once.
                var pending = dev.fathom.model.alert.Alert.firing(Map.of("alertname", "FaultPendingAtRestart", "severity", "critical",
                        "host", "alerts-2"), Map.of("summary", "still in group_wait at the kill"), java.time.Instant.now(), "");
                AlertsProcess.publish(producer, resolvedAcross.resolvedAt(java.time.Instant.now()), pending);
                Thread.sleep(1_500); // consumed and in the journal (offsets are committed after it)
                alerts.kill();
                assertThat(pagerduty.received()).as("at the kill the pending group and the resolve were not yet told").hasSize(3);
                Thread.sleep(2_000);
                faultEnd = System.nanoTime(); // the restart begins: recovery counts the JVM's start
                alerts = AlertsProcess.start(dir, config, 2);
                awaitNotifications(pagerduty, slack, 5);
                double recovery = (System.nanoTime() - faultEnd) / 1e9;
                Thread.sleep(9_000); // two more group intervals: a second page would show now
                // PagerDuty: per dedup key (one per group) the actions, named by the trigger's summary.
                Map<String, String> groupOf = new java.util.HashMap<>();
                Map<String, List<String>> actions = new java.util.TreeMap<>();
                for (var event : pagerduty.received()) {
                    if (event.has("payload")) {
                        groupOf.put(event.get("dedup_key").asText(), event.get("payload").get("summary").asText());
                    }
                }
                for (var event : pagerduty.received()) {
                    String group = groupOf.getOrDefault(event.get("dedup_key").asText(), "unknown " + event.get("dedup_key").asText());
                    actions.computeIfAbsent(group.contains("Pending") ? "pending" : group.contains("Across") ? "resolved-across"
                            : group.contains("Before") ? "resolved-before" : group, k -> new ArrayList<>()).add(event.get("event_action").asText());
                }
                List<String> posts = slack.received().stream().map(n -> n.get("text").asText().split(" ")[0] + " "
                        + n.get("text").asText().split(" ")[1]).sorted().toList();
                long expected = 5;
                int pages = pagerduty.received().size();
                long duplicated = Math.max(0, pages - expected) + Math.max(0, posts.size() - expected);
                ScenarioReport.row("alerts", "alerts service SIGKILL with a group pending and one resolved", 2 * expected,
                        pages + posts.size(), Math.max(0, 2 * expected - pages - posts.size()), duplicated, 0, recovery,
                        "notifications (PagerDuty + Slack); PagerDuty per group " + actions + "; Slack " + posts);
                assertThat(actions).isEqualTo(Map.of("pending", List.of("trigger"),
                        "resolved-before", List.of("trigger", "resolve"), "resolved-across", List.of("trigger", "resolve")));
                assertThat(posts).hasSize(5);
            } finally {
                alerts.close();
            }
        }
    }

    private static void awaitNotifications(WebhookRecorder pagerduty, WebhookRecorder slack, int each) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (pagerduty.received().size() < each || slack.received().size() < each) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + each + " notifications each; PagerDuty got " + pagerduty.received()
                        + ", Slack got " + slack.received());
            }
            Thread.sleep(100);
        }
    }

    @Test
    @Order(9)
    void costLedgerPricesExactlyTheGpuMinutesSent() throws Exception {
        // A tail of rounds moves event time 2 minutes on, so every scenario's minutes close
        // (30 s allowed lateness).
        List<String> tailHosts = List.of("tail-0");
        Ledger tail = new Ledger();
        try (OtlpHttpSender sender = new OtlpHttpSender(stream, tail, tailHosts, 1, PERIOD, collector.receiverPort)) {
            for (int i = 0; i < 150; i++) {
                for (Request r : stream.nextRound(tailHosts, 1)) {
                    assertThat(sender.deliver(r)).isTrue();
                }
            }
        }
        awaitStored(tailHosts, tail.points(), System.nanoTime());
        settle();
        awaitPriced();
        List<String> failures = new ArrayList<>();
        for (Scenario s : scenarios.values()) {
            BigDecimal expected = H100_MINUTE.multiply(BigDecimal.valueOf(s.ledger().gpuMinutes()));
            String where = " WHERE host IN (" + Reconciliation.hostList(s.hosts()) + ")";
            BigDecimal ledger = new BigDecimal(stack.database().query("SELECT toString(sum(cost)) AS c FROM cost_ledger FINAL" + where)
                    .get(0).get("c").asText());
            long minutes = stack.database().queryLong("SELECT uniqExact(resource_id, minute) FROM cost_ledger FINAL" + where);
            ScenarioReport.cost(s.name(), s.ledger().gpuMinutes(), minutes, expected, ledger);
            if (ledger.compareTo(expected) != 0 && KNOWN_COST_FINDINGS.stream().anyMatch(s.name()::startsWith) && !STRICT) {
                System.out.println("KNOWN FINDING (docs/reliability.md, cost after a job restore): " + s.name()
                        + " ledger " + ledger + ", expected " + expected);
            } else if (ledger.compareTo(expected) != 0) {
                // Which minutes are short: GPUs with points stored vs GPUs priced, per minute.
                System.out.println(s.name() + " per minute (GPUs with points / GPUs priced): " + stack.database().query(
                        "SELECT toString(m) AS minute, g, ifNull(priced, 0) AS priced FROM (SELECT toStartOfMinute(ts) AS m,"
                        + " uniqExact(host, label_values[indexOf(label_keys, 'gpu.uuid')]) AS g FROM points" + where
                        + " AND metric = 'gpu.utilization' GROUP BY m) ANY LEFT JOIN (SELECT minute AS m, uniqExact(resource_id) AS priced"
                        + " FROM cost_ledger FINAL" + where + " GROUP BY m) USING m ORDER BY m"));
                failures.add(s.name() + ": ledger " + ledger + " for " + minutes + " GPU-minutes, expected " + expected
                        + " for " + s.ledger().gpuMinutes());
            }
        }
        assertThat(failures).isEmpty();
    }

    interface Fault {
        void inject() throws Exception;
    }

    /**
     * Sends rounds for a while, injects the fault, measures the recovery (fault end until
     * ClickHouse holds every point accepted before the fault ended), sends on a little, then
     * checks every accepted point is stored once.
     */
    private void runScenario(String name, String description, Fault fault) throws Exception {
        List<String> hosts = IntStream.range(0, HOSTS).mapToObj(i -> name + "-" + i).toList();
        Ledger ledger = new Ledger();
        double recovery;
        long abandoned;
        String refusals;
        try (OtlpHttpSender sender = new OtlpHttpSender(stream, ledger, hosts, GPUS, PERIOD, collector.receiverPort).startRounds()) {
            awaitStored(hosts, 1, System.nanoTime());
            Thread.sleep(2_000);
            try {
                fault.inject();
            } finally {
                stack.heal(collector);
            }
            long faultEnd = System.nanoTime();
            recovery = awaitStored(hosts, ledger.points(), faultEnd);
            Thread.sleep(1_000);
            sender.close();
            abandoned = sender.abandonedPoints();
            refusals = "refused " + sender.refusedAnswers() + ", unreachable " + sender.unreachable();
        }
        awaitStored(hosts, ledger.points(), System.nanoTime());
        settle();
        Map<String, SeriesSum> stored = Reconciliation.stored(stack.database(), hosts);
        Counts counts = Reconciliation.counts(ledger.series(), stored);
        ScenarioReport.row(name, description, counts.sent(), counts.stored(), counts.lost(), counts.duplicated(), 0, recovery,
                refusals + (abandoned > 0 ? ", not accepted when the sender stopped: " + abandoned : ""));
        scenarios.put(name, new Scenario(name, hosts, ledger));
        if (counts.duplicated() > 0) {
            // Which batches hold the repeated rows, and what sink_batches says of them.
            String where = " WHERE host IN (" + Reconciliation.hostList(hosts) + ")";
            System.out.println(name + " batches with repeated rows: " + stack.database().query(
                    "SELECT toString(batch_id) AS batch, count() AS rows, uniqExact(host, time_ms, label_values) AS distinct_points"
                    + " FROM points" + where + " GROUP BY batch_id HAVING rows > distinct_points"));
            System.out.println(name + " their sink_batches row_count: " + stack.database().query(
                    "SELECT toString(batch_id) AS batch, sum(row_count) AS marked FROM sink_batches WHERE table_name = 'points'"
                    + " AND batch_id IN (SELECT batch_id FROM points" + where + " GROUP BY batch_id"
                    + " HAVING count() > uniqExact(host, time_ms, label_values)) GROUP BY batch_id"));
        }
        if (!STRICT && counts.duplicated() > 0 && counts.lost() == 0 && KNOWN_DUPLICATE_FINDINGS.stream().anyMatch(name::startsWith)) {
            System.out.println("KNOWN FINDING (docs/reliability.md, F4 ClickHouse killed mid-commit): " + name + " "
                    + counts.duplicated() + " rows twice");
            return;
        }
        assertThat(stored).as(name + ": per series rows, distinct times, sum of times, sum of values").isEqualTo(ledger.series());
    }

    /** Seconds from {@code since} until ClickHouse holds at least {@code points} of these hosts' rows. */
    private double awaitStored(List<String> hosts, long points, long since) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        long stored = Reconciliation.storedRows(stack.database(), hosts);
        while (stored < points) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("ClickHouse holds " + stored + " of " + points + " points after " + DRAIN_TIMEOUT.toSeconds()
                        + " s; job log:\n" + stack.job().tail());
            }
            Thread.sleep(200);
            stored = storedRowsOrZero(hosts);
        }
        return (System.nanoTime() - since) / 1e9;
    }

    private long storedRowsOrZero(List<String> hosts) {
        try {
            return Reconciliation.storedRows(stack.database(), hosts);
        } catch (RuntimeException e) {
            return 0; // ClickHouse is down in this scenario
        }
    }

    /**
     * Until every scenario's GPU-minutes are in the ledger, or the drain timeout. The job's
     * watermark waits for each of its inputs, and one without points (the counters' side, when
     * only gauges are sent) counts as idle only a minute after the job's last (re)start.
     */
    private void awaitPriced() throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (Scenario s : scenarios.values()) {
                long priced = stack.database().queryLong("SELECT uniqExact(resource_id, minute) FROM cost_ledger FINAL WHERE host IN ("
                        + Reconciliation.hostList(s.hosts()) + ")");
                all &= priced >= s.ledger().gpuMinutes();
            }
            if (all) {
                settle();
                return;
            }
            Thread.sleep(1_000);
        }
    }

    /** A few more checkpoints: anything written twice would show now. */
    private static void settle() throws InterruptedException {
        Thread.sleep(FaultStack.CHECKPOINT_INTERVAL.toMillis() * 2 + 1_000);
    }

    static Path resultsFile() {
        return Path.of(System.getProperty("fathom.faults.results", "target/reliability-results.md"));
    }

    static void ensureParent(Path file) throws java.io.IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
    }
}
