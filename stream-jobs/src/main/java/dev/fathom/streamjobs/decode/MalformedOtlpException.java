package dev.fathom.streamjobs.decode;

/** A record that is not a valid OTLP {@code ExportMetricsServiceRequest}. */
public class MalformedOtlpException extends Exception {
    public MalformedOtlpException(String message, Throwable cause) {
        super(message, cause);
    }
}
