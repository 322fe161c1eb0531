package dev.fathom.storage.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * ClickHouse's HTTP interface over {@code java.net.http}. Settings and the database travel as URL
 * parameters because ClickHouse 18.16 ignores the {@code X-ClickHouse-*} headers; every format
 * used here (JSONEachRow in and out) exists on 18.16 and on current servers alike. The user and
 * password ({@link ClickHouseAccess}) travel as HTTP Basic authentication, never in the URL.
 */
public final class ClickHouseHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String baseUrl;
    private final String database;
    private final Duration timeout;
    private final Consumer<String> queryObserver;
    private final ClickHouseAccess access;
    private final Optional<String> authorization;

    /**
     * Connects as the user in this process's environment ({@link ClickHouseAccess#fromEnvironment()}).
     *
     * @param baseUrl e.g. {@code http://127.0.0.1:8123} or {@code https://clickhouse:8443}
     * @param database the database statements run in
     */
    public ClickHouseHttp(String baseUrl, String database) {
        this(baseUrl, database, Duration.ofSeconds(60));
    }

    public ClickHouseHttp(String baseUrl, String database, Duration timeout) {
        this(baseUrl, database, timeout, ClickHouseAccess.fromEnvironment());
    }

    public ClickHouseHttp(String baseUrl, String database, Duration timeout, ClickHouseAccess access) {
        this.baseUrl = checkedUrl(stripSlash(Objects.requireNonNull(baseUrl, "baseUrl")));
        this.database = Objects.requireNonNull(database, "database");
        this.timeout = timeout;
        this.access = Objects.requireNonNull(access, "access");
        this.authorization = access.authorization();
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (this.baseUrl.startsWith("https://")) {
            builder.sslContext(access.sslContext());
        }
        this.http = builder.build();
        this.queryObserver = sql -> {};
    }

    private ClickHouseHttp(ClickHouseHttp base, Consumer<String> queryObserver) {
        this.baseUrl = base.baseUrl;
        this.database = base.database;
        this.timeout = base.timeout;
        this.http = base.http;
        this.access = base.access;
        this.authorization = base.authorization;
        this.queryObserver = queryObserver;
    }

    /** Refuses credentials in the URL: URLs end up in logs and error messages. */
    private static String checkedUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ClickHouse URL is not a URL (expected e.g. http://127.0.0.1:8123)");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("ClickHouse URL must start with http:// or https://, got scheme " + uri.getScheme());
        }
        String query = uri.getRawQuery() == null ? "" : "&" + uri.getRawQuery();
        if (uri.getRawUserInfo() != null || query.contains("&password=") || query.contains("&user=")) {
            throw new IllegalArgumentException("the ClickHouse URL must not carry a user or password (URLs are logged): set "
                    + ClickHouseAccess.USER + " and " + ClickHouseAccess.PASSWORD + " (or " + ClickHouseAccess.PASSWORD + "_FILE) instead");
        }
        return url;
    }

    /** The same connection with another per-request timeout. */
    public ClickHouseHttp withTimeout(Duration timeout) {
        return new ClickHouseHttp(baseUrl, database, timeout, access);
    }

    /** The same server and user, statements running in {@code database}. */
    public ClickHouseHttp inDatabase(String database) {
        return new ClickHouseHttp(baseUrl, database, timeout, access);
    }

    /** The same server and database as another user, e.g. {@link ClickHouseAccess#forRole}. */
    public ClickHouseHttp as(ClickHouseAccess other) {
        return new ClickHouseHttp(baseUrl, database, timeout, other);
    }

    /** Who this client is to the server (its {@code toString} masks the password). */
    public ClickHouseAccess access() {
        return access;
    }

    /**
     * The same connection, telling {@code observer} the text of every SELECT before it runs (the
     * compatibility test replays them on another ClickHouse).
     */
    public ClickHouseHttp observingQueries(Consumer<String> observer) {
        return new ClickHouseHttp(this, Objects.requireNonNull(observer, "observer"));
    }

    public String database() {
        return database;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Runs a statement that returns nothing (DDL, ALTER, INSERT ... SELECT). */
    public void execute(String sql) {
        send(uri(null, ""), HttpRequest.BodyPublishers.ofString(sql), sql);
    }

    /** Runs a statement outside any database, e.g. {@code CREATE DATABASE}. */
    public void executeWithoutDatabase(String sql) {
        send(URI.create(baseUrl + "/?" + settings()), HttpRequest.BodyPublishers.ofString(sql), sql);
    }

    /** Inserts rows in JSONEachRow format (one JSON object per line) into {@code table}. */
    public void insertJsonEachRow(String table, byte[] rows) {
        String query = "INSERT INTO " + Sql.identifier(table) + " FORMAT JSONEachRow";
        send(uri(query, ""), HttpRequest.BodyPublishers.ofByteArray(rows), query);
    }

    /**
     * Inserts {@code body}, rows of {@code format} (e.g. RowBinary) holding {@code columns} in that
     * order, as one INSERT. {@code settings} go as URL parameters (18.16 ignores headers).
     */
    public void insert(String table, List<String> columns, String format, byte[] body, Map<String, String> settings) {
        String query = insertQuery(table, columns, format);
        send(uri(query, settingsParameters(settings)), HttpRequest.BodyPublishers.ofByteArray(body), query);
    }

    /** Writes the body of a streamed INSERT; called once per try. */
    @FunctionalInterface
    public interface BodyWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Runs one INSERT whose body {@code body} writes while it is being sent, so the caller's
     * encoding and the server's parsing overlap. When {@code body} throws, the body ends with a
     * truncated row so the server writes none of it, and the exception reaches the caller unchanged.
     */
    public void insertStreaming(String table, List<String> columns, String format, BodyWriter body, Map<String, String> settings) {
        String query = insertQuery(table, columns, format);
        StreamedBody streamed = new StreamedBody();
        HttpRequest request = request(uri(query, settingsParameters(settings)))
                .POST(HttpRequest.BodyPublishers.ofInputStream(streamed::input)).build();
        CompletableFuture<HttpResponse<String>> response = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        // Closed (ended) only when the whole body is written: a try-with-resources would end the
        // body cleanly before the catch could truncate it, and the server would keep the rows sent.
        OutputStream out = streamed.output(response);
        try {
            body.writeTo(out);
            out.close();
        } catch (IOException | RuntimeException e) {
            streamed.abort();
            HttpResponse<String> answer = awaitQuietly(response); // the server refuses the truncated body
            if (e instanceof RuntimeException r) {
                throw r; // the body could not be written: its own error, not the server's answer to the stub
            }
            if (answer != null && answer.statusCode() != 200) {
                throw refused(answer.statusCode(), answer.body(), query); // the server answered before the body was sent
            }
            throw ClickHouseException.unreachable("ClickHouse at " + baseUrl + " stopped taking the body of: " + abbreviate(query), e);
        }
        HttpResponse<String> answer;
        try {
            answer = response.get();
        } catch (ExecutionException e) {
            throw ClickHouseException.unreachable("ClickHouse at " + baseUrl + " is unreachable (" + e.getCause() + ") running: "
                    + abbreviate(query), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response.cancel(true);
            throw ClickHouseException.failed("interrupted while running: " + abbreviate(query), e);
        }
        if (answer.statusCode() != 200) {
            throw refused(answer.statusCode(), answer.body(), query);
        }
    }

    private static HttpResponse<String> awaitQuietly(CompletableFuture<HttpResponse<String>> response) {
        try {
            return response.get();
        } catch (ExecutionException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String insertQuery(String table, List<String> columns, String format) {
        return "INSERT INTO " + Sql.identifier(table)
                + columns.stream().map(Sql::identifier).collect(Collectors.joining(", ", " (", ")"))
                + " FORMAT " + Sql.identifier(format);
    }

    private static String settingsParameters(Map<String, String> settings) {
        StringBuilder extra = new StringBuilder();
        settings.forEach((k, v) -> extra.append('&').append(Sql.identifier(k)).append('=').append(encode(v)));
        return extra.toString();
    }

    /**
     * Runs a SELECT and hands each row to {@code consumer} as it is read, so a large answer (an
     * export) never sits in memory whole.
     */
    public void queryEachRow(String select, Consumer<JsonNode> consumer) {
        queryObserver.accept(select);
        HttpResponse<InputStream> response = open(uri(null, ""), HttpRequest.BodyPublishers.ofString(select + "\nFORMAT JSONEachRow"), select);
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw refused(response.statusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8), select);
            }
            try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(in)) {
                while (it.hasNext()) {
                    consumer.accept(it.next());
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ClickHouseException c) {
                throw c;
            }
            if (e instanceof RuntimeException r && !(e.getCause() instanceof IOException)) {
                throw r;
            }
            throw ClickHouseException.unreachable("ClickHouse at " + baseUrl + " broke off its answer to: " + abbreviate(select), e);
        }
    }

    /** Runs a SELECT and returns its rows as JSON objects keyed by column name. */
    public List<JsonNode> query(String select) {
        queryObserver.accept(select);
        String body = send(uri(null, ""), HttpRequest.BodyPublishers.ofString(select + "\nFORMAT JSONEachRow"), select);
        List<JsonNode> rows = new ArrayList<>();
        try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(body)) {
            while (it.hasNext()) {
                rows.add(it.next());
            }
        } catch (IOException e) {
            throw ClickHouseException.failed("cannot parse ClickHouse's answer to: " + abbreviate(select), e);
        }
        return rows;
    }

    /** Runs a SELECT that yields one number. */
    public long queryLong(String select) {
        queryObserver.accept(select);
        String body = send(uri(null, ""), HttpRequest.BodyPublishers.ofString(select + "\nFORMAT TabSeparated"), select).trim();
        try {
            return Long.parseLong(body);
        } catch (NumberFormatException e) {
            throw ClickHouseException.failed("expected one number from: " + abbreviate(select) + " but got: " + abbreviate(body), e);
        }
    }

    private URI uri(String query, String extra) {
        StringBuilder url = new StringBuilder(baseUrl).append("/?database=").append(encode(database)).append('&').append(settings());
        if (query != null) {
            url.append("&query=").append(encode(query));
        }
        return URI.create(url + extra);
    }

    /** Settings sent with every request; 18.16 needs the LowCardinality switch, newer servers ignore it. */
    private static String settings() {
        return "allow_experimental_low_cardinality_type=1";
    }

    private HttpResponse<InputStream> open(URI uri, HttpRequest.BodyPublisher body, String what) {
        HttpRequest request = request(uri).POST(body).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw ClickHouseException.unreachable("ClickHouse at " + baseUrl + " is unreachable (" + e + ") running: " + abbreviate(what), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ClickHouseException.failed("interrupted while running: " + abbreviate(what), e);
        }
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout);
        authorization.ifPresent(value -> builder.header("Authorization", value));
        return builder;
    }

    private ClickHouseException refused(int status, String text, String what) {
        int code = ClickHouseException.codeIn(text);
        boolean retryable = status == 503 || ClickHouseException.isTransientCode(code);
        return ClickHouseException.refused("ClickHouse answered HTTP " + status + ": "
                + abbreviate(text.trim()) + hint(code) + " (running: " + abbreviate(what) + ")", text, retryable);
    }

    /** What to do about the refusals a user can fix: wrong credentials, a read-only user. */
    private String hint(int code) {
        String user = access.user().orElse("default");
        return switch (code) {
            case ClickHouseException.UNKNOWN_USER, ClickHouseException.WRONG_PASSWORD, ClickHouseException.REQUIRED_PASSWORD,
                    ClickHouseException.AUTHENTICATION_FAILED ->
                    " [ClickHouse did not accept user '" + user + "' with the password given: check " + ClickHouseAccess.USER + " and "
                            + ClickHouseAccess.PASSWORD + " or " + ClickHouseAccess.PASSWORD + "_FILE]";
            case ClickHouseException.READONLY ->
                    " [user '" + user + "' is read-only: writes need the writing user]";
            default -> "";
        };
    }

    private String send(URI uri, HttpRequest.BodyPublisher body, String what) {
        HttpResponse<InputStream> response = open(uri, body, what);
        String text;
        try (InputStream in = response.body()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw ClickHouseException.unreachable("ClickHouse at " + baseUrl + " broke off its answer to: " + abbreviate(what), e);
        }
        if (response.statusCode() != 200) {
            throw refused(response.statusCode(), text, what);
        }
        return text;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String abbreviate(String s) {
        String oneLine = s.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "...";
    }
}
