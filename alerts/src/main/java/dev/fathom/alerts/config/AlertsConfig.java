package dev.fathom.alerts.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.fathom.alerts.match.Matcher;
import dev.fathom.alerts.match.Matchers;
import dev.fathom.model.Topics;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The alerts service's configuration file, as data. Keys are snake_case in YAML; every record
 * checks its own values when it is built, so a wrong value fails at load naming its line (see
 * {@link ConfigLoader}). Defaults follow Alertmanager where it has one. docs/alerts.md documents
 * each key from this file.
 */
public record AlertsConfig(
        Global global,
        Server server,
        Kafka kafka,
        ClickHouse clickhouse,
        String dataDir,
        List<String> ruleFiles,
        Duration ruleEvaluationInterval,
        Delivery delivery,
        Route route,
        List<InhibitRule> inhibitRules,
        List<Receiver> receivers) {

    public AlertsConfig {
        global = global != null ? global : new Global(null, null, null);
        server = server != null ? server : new Server(null, null, null);
        dataDir = dataDir != null ? dataDir : "var/alerts";
        ruleFiles = ruleFiles != null ? List.copyOf(ruleFiles) : List.of();
        ruleEvaluationInterval = ruleEvaluationInterval != null ? ruleEvaluationInterval : Duration.ofSeconds(30);
        delivery = delivery != null ? delivery : new Delivery(null, null, null, null, null);
        inhibitRules = inhibitRules != null ? List.copyOf(inhibitRules) : List.of();
        receivers = receivers != null ? List.copyOf(receivers) : List.of();
        if (route == null) {
            throw new IllegalArgumentException("'route' is required: the root of the routing tree");
        }
        if (!route.matcherTexts().isEmpty()) {
            throw new IllegalArgumentException("the root route must not have matchers: it receives every alert");
        }
        if (route.receiver() == null) {
            throw new IllegalArgumentException("the root route needs a 'receiver'");
        }
        Set<String> names = new HashSet<>();
        for (Receiver r : receivers) {
            if (!names.add(r.name())) {
                throw new IllegalArgumentException("receiver '" + r.name() + "' is defined twice");
            }
        }
        checkReceivers(route, names);
    }

    private static void checkReceivers(Route route, Set<String> names) {
        if (route.receiver() != null && !names.contains(route.receiver())) {
            throw new IllegalArgumentException("route refers to receiver '" + route.receiver() + "', which is not defined under 'receivers'");
        }
        for (Route child : route.routes()) {
            checkReceivers(child, names);
        }
    }

    public Receiver receiver(String name) {
        return receivers.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * @param resolveTimeout how long an alert posted over HTTP without endsAt stays firing unless sent again (Alertmanager's 5m)
     * @param dashboardUrl base URL of Fathom's dashboard, for links in messages
     * @param externalUrl this service's own URL, sent as externalURL in webhooks
     */
    public record Global(Duration resolveTimeout, String dashboardUrl, String externalUrl) {
        public Global {
            resolveTimeout = resolveTimeout != null ? resolveTimeout : Duration.ofMinutes(5);
            dashboardUrl = stripSlash(dashboardUrl != null ? dashboardUrl : "http://127.0.0.1:8080");
            externalUrl = stripSlash(externalUrl != null ? externalUrl : "http://127.0.0.1:9094");
        }
    }

    /**
     * @param listen host:port of the HTTP API (port 0 picks a free one)
     * @param bearerToken when set, every /api/ request must carry {@code Authorization: Bearer <token>}
     * @param bearerTokenFile the token read from a file instead
     */
    public record Server(String listen, Secret bearerToken, String bearerTokenFile) {
        public Server {
            listen = listen != null ? listen : "127.0.0.1:9094";
            int colon = listen.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("server.listen must be host:port, got '" + listen + "'");
            }
            try {
                int port = Integer.parseInt(listen.substring(colon + 1));
                if (port < 0 || port > 65535) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("server.listen has no valid port: '" + listen + "'");
            }
        }

        public String host() {
            return listen.substring(0, listen.lastIndexOf(':'));
        }

        public int port() {
            return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
        }
    }

    /**
     * The alerts topic consumer; absent {@code bootstrap_servers} turns it off.
     *
     * @param config Kafka client properties file (TLS, SASL; see docs/security.md), relative to the
     *     config file's folder; absent: {@code $FATHOM_KAFKA_CONFIG}, else PLAINTEXT
     */
    public record Kafka(String bootstrapServers, String topic, String groupId, String config) {
        public Kafka(String bootstrapServers, String topic, String groupId) {
            this(bootstrapServers, topic, groupId, null);
        }

        /** The same, with {@code config} resolved against {@code base} (the config file's folder). */
        public Kafka resolvedAgainst(java.nio.file.Path base) {
            return config == null ? this : new Kafka(bootstrapServers, topic, groupId, base.resolve(config).toString());
        }

        public Kafka {
            topic = topic != null ? topic : Topics.ALERTS;
            groupId = groupId != null ? groupId : "fathom-alerts";
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("kafka.bootstrap_servers is required when 'kafka' is set");
            }
        }
    }

    /** Where history goes and threshold rules read; absent turns both off. */
    public record ClickHouse(String url, String database) {
        public ClickHouse {
            database = database != null ? database : "fathom";
            if (url == null || url.isBlank()) {
                throw new IllegalArgumentException("clickhouse.url is required when 'clickhouse' is set");
            }
        }
    }

    /**
     * @param timeout one HTTP request's limit
     * @param initialBackoff first retry delay; doubles each attempt, with jitter
     * @param maxBackoff longest delay between two attempts (a Retry-After longer than this still wins)
     * @param maxAttempts attempts in one round; after them the notification stays queued
     * @param requeueAfter when a notification that used up its round is tried again
     */
    public record Delivery(Duration timeout, Duration initialBackoff, Duration maxBackoff, Integer maxAttempts, Duration requeueAfter) {
        public Delivery {
            timeout = timeout != null ? timeout : Duration.ofSeconds(10);
            initialBackoff = initialBackoff != null ? initialBackoff : Duration.ofSeconds(1);
            maxBackoff = maxBackoff != null ? maxBackoff : Duration.ofMinutes(1);
            maxAttempts = maxAttempts != null ? maxAttempts : 6;
            requeueAfter = requeueAfter != null ? requeueAfter : Duration.ofMinutes(1);
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("delivery.max_attempts must be at least 1");
            }
            if (initialBackoff.isZero() || initialBackoff.compareTo(maxBackoff) > 0) {
                throw new IllegalArgumentException("delivery.initial_backoff must be above 0 and at most max_backoff");
            }
        }
    }

    /**
     * One node of the routing tree. Unset options are inherited from the parent (the root falls
     * back to Alertmanager's defaults: group_wait 30s, group_interval 5m, repeat_interval 4h).
     */
    public record Route(
            String receiver,
            List<String> groupBy,
            @JsonProperty("matchers") @JsonDeserialize(contentUsing = MatcherText.class) List<String> matcherTexts,
            @JsonProperty("continue") Boolean continueMatching,
            Duration groupWait,
            Duration groupInterval,
            Duration repeatInterval,
            List<Route> routes) {
        public Route {
            routes = routes != null ? List.copyOf(routes) : List.of();
            matcherTexts = matcherTexts != null ? List.copyOf(matcherTexts) : List.of();
            Matchers.parseAll(matcherTexts);
            if (groupBy != null && groupBy.contains("...") && groupBy.size() > 1) {
                throw new IllegalArgumentException("group_by: '...' groups by all labels and cannot be combined with names");
            }
            if (groupInterval != null && groupInterval.isZero()) {
                throw new IllegalArgumentException("group_interval must be above 0");
            }
            if (repeatInterval != null && repeatInterval.isZero()) {
                throw new IllegalArgumentException("repeat_interval must be above 0");
            }
        }

        public List<Matcher> parsedMatchers() {
            return Matchers.parseAll(matcherTexts);
        }

        public boolean continues() {
            return continueMatching != null && continueMatching;
        }
    }

    /** Mutes alerts matching {@code target_matchers} while one matching {@code source_matchers} fires with the same {@code equal} labels. */
    public record InhibitRule(
            @JsonDeserialize(contentUsing = MatcherText.class) List<String> sourceMatchers,
            @JsonDeserialize(contentUsing = MatcherText.class) List<String> targetMatchers,
            List<String> equal) {
        public InhibitRule {
            sourceMatchers = sourceMatchers != null ? List.copyOf(sourceMatchers) : List.of();
            targetMatchers = targetMatchers != null ? List.copyOf(targetMatchers) : List.of();
            equal = equal != null ? List.copyOf(equal) : List.of();
            Matchers.parseAll(sourceMatchers);
            Matchers.parseAll(targetMatchers);
            if (sourceMatchers.isEmpty() || targetMatchers.isEmpty()) {
                throw new IllegalArgumentException("an inhibit rule needs source_matchers and target_matchers");
            }
        }
    }

    public record Receiver(
            String name,
            List<SlackConfig> slackConfigs,
            List<PagerDutyConfig> pagerdutyConfigs,
            List<WebhookConfig> webhookConfigs,
            List<AlertmanagerConfig> alertmanagerConfigs) {
        public Receiver {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a receiver needs a 'name'");
            }
            slackConfigs = slackConfigs != null ? List.copyOf(slackConfigs) : List.of();
            pagerdutyConfigs = pagerdutyConfigs != null ? List.copyOf(pagerdutyConfigs) : List.of();
            webhookConfigs = webhookConfigs != null ? List.copyOf(webhookConfigs) : List.of();
            alertmanagerConfigs = alertmanagerConfigs != null ? List.copyOf(alertmanagerConfigs) : List.of();
        }
    }

    /** Slack incoming webhook: {@code api_url} (or {@code api_url_file}) is the secret webhook URL. */
    public record SlackConfig(Secret apiUrl, String apiUrlFile, String channel, Boolean sendResolved) {
        public SlackConfig {
            sendResolved = sendResolved == null || sendResolved;
        }
    }

    /**
     * PagerDuty Events API v2: {@code routing_key} (or {@code routing_key_file}) is the secret
     * integration key; {@code url} defaults to PagerDuty's enqueue endpoint.
     */
    public record PagerDutyConfig(Secret routingKey, String routingKeyFile, String url, String source, Boolean sendResolved) {
        public PagerDutyConfig {
            url = url != null ? url : "https://events.pagerduty.com/v2/enqueue";
            sendResolved = sendResolved == null || sendResolved;
        }
    }

    /** A generic webhook in Alertmanager's webhook format; the URL may hold a token, so it is a secret. */
    public record WebhookConfig(Secret url, String urlFile, Boolean sendResolved, Integer maxAlerts) {
        public WebhookConfig {
            sendResolved = sendResolved == null || sendResolved;
            maxAlerts = maxAlerts != null ? maxAlerts : 0;
        }
    }

    /**
     * Forwards a group's alerts to an existing Alertmanager's {@code POST /api/v2/alerts}. The URL
     * is not a secret and must not carry credentials: an Alertmanager behind authentication takes
     * {@code bearer_token} (or {@code bearer_token_file}) or {@code basic_auth}, not both.
     */
    public record AlertmanagerConfig(String url, Secret bearerToken, String bearerTokenFile, BasicAuth basicAuth, Boolean sendResolved) {
        public AlertmanagerConfig {
            if (url == null || url.isBlank()) {
                throw new IllegalArgumentException("alertmanager_configs needs a 'url' (the Alertmanager's base URL)");
            }
            url = stripSlash(url);
            sendResolved = sendResolved == null || sendResolved;
        }
    }

    /** HTTP Basic authentication: the user name is not a secret; {@code password} (or {@code password_file}) is. */
    public record BasicAuth(String username, Secret password, String passwordFile) {
        public BasicAuth {
            if (username == null || username.isEmpty()) {
                throw new IllegalArgumentException("basic_auth needs a 'username'");
            }
            if (username.contains(":")) {
                throw new IllegalArgumentException("basic_auth.username must not contain ':'");
            }
        }
    }

    static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
