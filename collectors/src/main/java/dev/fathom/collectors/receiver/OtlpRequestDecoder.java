package dev.fathom.collectors.receiver;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns an OTLP/HTTP body into a request: binary protobuf, or the protobuf JSON mapping (via
 * protobuf-java-util's {@link JsonFormat}, which accepts both lowerCamelCase and original field
 * names and 64-bit integers as strings or numbers, as OTLP/JSON requires). Unknown JSON fields are
 * ignored, as the OTLP specification asks of receivers. A refusal's reason is cut to its first
 * {@value #MAX_REASON_CHARS} characters: JsonFormat quotes the whole offending value, which can be
 * most of the body, and the reason goes back to the client and into the log.
 */
final class OtlpRequestDecoder {

    static final String PROTOBUF = "application/x-protobuf";
    static final String JSON = "application/json";

    static final int MAX_REASON_CHARS = 300;
    private static final JsonFormat.Parser JSON_PARSER = JsonFormat.parser().ignoringUnknownFields();

    private OtlpRequestDecoder() {}

    static ExportMetricsServiceRequest protobuf(byte[] body) throws BadRequestException {
        try {
            return ExportMetricsServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new BadRequestException("the body is not a protobuf ExportMetricsServiceRequest (" + reason(e) + ")", e);
        }
    }

    static ExportMetricsServiceRequest json(byte[] body) throws BadRequestException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequestException("the JSON body is not UTF-8 (" + reason(e) + ")", e);
        }
        ExportMetricsServiceRequest.Builder request = ExportMetricsServiceRequest.newBuilder();
        try {
            JSON_PARSER.merge(text, request);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            // JsonFormat reports malformed JSON as InvalidProtocolBufferException, a few shapes as runtime errors.
            throw new BadRequestException("the body is not an OTLP/JSON ExportMetricsServiceRequest (" + reason(e) + ")", e);
        }
        return request.build();
    }

    /**
     * What went wrong: the first message down the cause chain (JsonFormat wraps some failures, such
     * as an array where a string belongs, without one of its own), shortened.
     */
    static String reason(Throwable error) {
        Throwable deepest = error;
        for (Throwable t = error; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && !message.isBlank()) {
                return message.length() <= MAX_REASON_CHARS ? message
                        : message.substring(0, MAX_REASON_CHARS) + "... (" + (message.length() - MAX_REASON_CHARS) + " more characters)";
            }
            deepest = t;
        }
        return "a value of the wrong JSON type or form (" + deepest.getClass().getSimpleName() + ")";
    }
}
