package dev.fathom.collectors.export;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.resources.Resource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Kafka record key for a resource: the first 16 bytes of SHA-256 over its attributes sorted
 * by key. Like the OpenTelemetry Collector's {@code partition_metrics_by_resource_attributes}, it
 * sends every record of one resource (one node) to the same partition, so a node's points stay in
 * order; the bytes are the same in every JVM and every run.
 */
final class ResourceKey {

    private ResourceKey() {}

    static byte[] of(Resource resource) {
        TreeMap<String, String> sorted = new TreeMap<>();
        resource.getAttributes().forEach((AttributeKey<?> key, Object value) -> sorted.put(key.getKey(), String.valueOf(value)));
        return of(sorted);
    }

    /** The key of a resource with these attributes, as text, sorted by key. */
    static byte[] of(TreeMap<String, String> sorted) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        for (Map.Entry<String, String> attribute : sorted.entrySet()) {
            sha256.update(attribute.getKey().getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(attribute.getValue().getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
        }
        return Arrays.copyOf(sha256.digest(), 16);
    }
}
