package dev.fathom.collectors.export;

/** Why an export did not reach Kafka; the message says what the operator should check. */
public final class KafkaDeliveryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    KafkaDeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
