package dev.fathom.storage.chargeback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fathom.storage.clickhouse.ClickHouseException;
import dev.fathom.storage.clickhouse.ClickHouseHttp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The rows of one SELECT, read one JSONEachRow line at a time as ClickHouse sends them, so an
 * export of millions of rows holds one row in memory, not all of them.
 */
final class ClickHouseRowStream implements Iterator<JsonNode>, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final BufferedReader reader;
    private final String select;
    private String next;

    private ClickHouseRowStream(BufferedReader reader, String select) {
        this.reader = reader;
        this.select = select;
        advance();
    }

    static ClickHouseRowStream open(ClickHouseHttp clickHouse, String select) {
        URI uri = URI.create(clickHouse.baseUrl() + "/?database=" + URLEncoder.encode(clickHouse.database(), StandardCharsets.UTF_8)
                + "&allow_experimental_low_cardinality_type=1");
        HttpRequest request = HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.ofString(select + "\nFORMAT JSONEachRow")).build();
        HttpResponse<InputStream> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw ClickHouseException.unreachable("ClickHouse at " + clickHouse.baseUrl() + " is unreachable (" + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ClickHouseException.failed("interrupted while reading the cost ledger", e);
        }
        if (response.statusCode() != 200) {
            String error;
            try (InputStream body = response.body()) {
                error = new String(body.readNBytes(4096), StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                error = e.toString();
            }
            throw ClickHouseException.failed("ClickHouse refused the chargeback query (HTTP " + response.statusCode() + "): " + error, null);
        }
        return new ClickHouseRowStream(new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8)), select);
    }

    private void advance() {
        try {
            next = reader.readLine();
            while (next != null && next.isBlank()) {
                next = reader.readLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the connection to ClickHouse broke while reading: " + select, e);
        }
    }

    @Override
    public boolean hasNext() {
        return next != null;
    }

    @Override
    public JsonNode next() {
        if (next == null) {
            throw new NoSuchElementException();
        }
        String line = next;
        advance();
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            // ClickHouse reports an error that happens mid-stream as a plain text line.
            throw ClickHouseException.failed("ClickHouse failed while streaming the export: " + line, e);
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            // Nothing left to read; the connection is discarded either way.
        }
    }
}
