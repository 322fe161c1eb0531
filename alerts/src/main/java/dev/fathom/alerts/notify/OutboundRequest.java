package dev.fathom.alerts.notify;

import java.net.URI;
import java.util.Map;

/** One HTTP POST an integration wants sent; {@code uri} and headers may hold secrets and are never logged. */
public record OutboundRequest(URI uri, Map<String, String> headers, byte[] body) {}
