package dev.fathom.alerts.notify;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Sends an {@link OutboundRequest} and judges the answer: 2xx is done; 429, 408 and 5xx, timeouts
 * and connection errors are worth retrying (429's Retry-After is kept); any other status is not.
 * Error text names the integration and status, never the URL, and is scrubbed of secrets.
 */
public final class HttpDelivery {

    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;

    public HttpDelivery(Duration timeout, Clock clock) {
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** Sends the request; returns the HTTP status on success. */
    public int send(String integration, OutboundRequest request, List<String> secrets) throws DeliveryException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri()).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "fathom-alerts")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach(builder::header);
        HttpResponse<String> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new DeliveryException(integration + ": no answer within " + timeout.toMillis() + " ms", true, 0, null);
        } catch (IOException e) {
            throw new DeliveryException(integration + ": " + scrub(e.getClass().getSimpleName() + " " + String.valueOf(e.getMessage()), secrets), true, 0, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException(integration + ": interrupted", true, 0, null);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return status;
        }
        String body = response.body() == null ? "" : response.body().replaceAll("\\s+", " ").trim();
        if (body.length() > 200) {
            body = body.substring(0, 200) + "...";
        }
        boolean retryable = status == 429 || status == 408 || status >= 500;
        Duration retryAfter = status == 429 || status == 503
                ? retryAfter(response.headers().firstValue("Retry-After").orElse(null)) : null;
        throw new DeliveryException(integration + ": HTTP " + status + (body.isEmpty() ? "" : " " + scrub(body, secrets)),
                retryable, status, retryAfter);
    }

    /** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
    Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(clock.instant(), at.toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException ignored) {
                return null;
            }
        }
    }

    static String scrub(String text, List<String> secrets) {
        String out = text;
        for (String s : secrets) {
            if (s != null && s.length() >= 4) {
                out = out.replace(s, "<secret>");
            }
        }
        return out;
    }
}
