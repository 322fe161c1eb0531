package dev.fathom.collectors.prometheus;

import dev.fathom.collectors.reading.Reading;
import dev.fathom.collectors.reading.ReadingSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scrapes one Prometheus endpoint (dcgm-exporter, node-exporter, any exporter) once per
 * collection and maps what it serves with a {@link PrometheusMapping}. Asks for the text format,
 * accepts gzip, and refuses bodies over a size limit. Lines the parser rejects are logged once
 * and counted as parse errors; the rest of the scrape is kept.
 */
public final class PrometheusScrapeSource implements ReadingSource {

    private static final Logger log = LoggerFactory.getLogger(PrometheusScrapeSource.class);

    private final String name;
    private final URI url;
    private final Duration timeout;
    private final long maxBodyBytes;
    private final PrometheusMapping mapping;
    private final HttpClient client;
    private final AtomicLong parseErrors = new AtomicLong();
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    public PrometheusScrapeSource(String name, URI url, Duration timeout, long maxBodyBytes, PrometheusMapping mapping) {
        this.name = name;
        this.url = url;
        this.timeout = timeout;
        this.maxBodyBytes = maxBodyBytes;
        this.mapping = mapping;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Reading> read() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Accept", "text/plain;version=0.0.4;q=1,*/*;q=0.1")
                .header("Accept-Encoding", "gzip")
                .GET().build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        byte[] body;
        try (InputStream raw = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("scrape of " + url + " answered HTTP " + response.statusCode());
            }
            boolean gzip = response.headers().firstValue("Content-Encoding").map("gzip"::equalsIgnoreCase).orElse(false);
            body = readLimited(gzip ? new GZIPInputStream(raw) : raw);
        }
        PrometheusTextParser.Result parsed = PrometheusTextParser.parse(body, url.toString());
        parseErrors.addAndGet(parsed.errors().size());
        for (String error : parsed.errors()) {
            if (warned.size() < 1000 && warned.add(error)) {
                log.warn("Scrape {}: {}", name, error);
            }
        }
        return mapping.map(parsed.families());
    }

    private byte[] readLimited(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        int read;
        while ((read = in.read(buffer)) >= 0) {
            out.write(buffer, 0, read);
            if (out.size() > maxBodyBytes) {
                throw new IOException("scrape of " + url + " is larger than the limit of " + maxBodyBytes + " bytes");
            }
        }
        return out.toByteArray();
    }

    @Override
    public long parseErrors() {
        return parseErrors.get();
    }
}
