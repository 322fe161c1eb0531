package dev.fathom.local.junit;

import dev.fathom.local.ClickHouseUser;
import java.util.List;

/**
 * The secrets every module's tests use, defined once. Each starts with {@link #PREFIX}, so the
 * final check of the build ({@code .ci/scan-secrets}) can search every test report and log for
 * that prefix: a hit means some code printed a secret.
 */
public final class TestSecrets {

    /** What every test secret starts with; nothing else in the project contains it. */
    public static final String PREFIX = "fathom-test-secret-";

    public static final String CLICKHOUSE_WRITER_PASSWORD = PREFIX + "clickhouse-writer-7Qx2";
    public static final String CLICKHOUSE_READER_PASSWORD = PREFIX + "clickhouse-reader-Jm4p";
    public static final String RECEIVER_TOKEN = PREFIX + "receiver-token-Zr8w";
    public static final String KAFKA_PASSWORD = PREFIX + "kafka-scram-Lk3d";
    public static final String SLACK_WEBHOOK_URL = "https://hooks.slack.test/services/" + PREFIX + "slack-Tq9v";
    public static final String PAGERDUTY_ROUTING_KEY = PREFIX + "pagerduty-Hc6n";
    public static final String WEBHOOK_TOKEN = PREFIX + "webhook-Bn5s";
    public static final String KEYSTORE_PASSWORD = PREFIX + "keystore-Pw1e";

    /** The writing user of the jobs and the alerts history writer. */
    public static final ClickHouseUser CLICKHOUSE_WRITER = ClickHouseUser.writer("fathom_writer", CLICKHOUSE_WRITER_PASSWORD);
    /** The dashboard's read-only user. */
    public static final ClickHouseUser CLICKHOUSE_READER = ClickHouseUser.reader("fathom_dashboard", CLICKHOUSE_READER_PASSWORD);

    /** Every secret above, for tests that check some output holds none of them. */
    public static final List<String> ALL = List.of(CLICKHOUSE_WRITER_PASSWORD, CLICKHOUSE_READER_PASSWORD, RECEIVER_TOKEN,
            KAFKA_PASSWORD, SLACK_WEBHOOK_URL, PAGERDUTY_ROUTING_KEY, WEBHOOK_TOKEN, KEYSTORE_PASSWORD);

    private TestSecrets() {}
}
