package dev.fathom.storage.query;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SortedMap;
import java.util.TreeMap;

/** Reading typed values out of JSONEachRow rows. */
final class Rows {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Rows() {}

    static String text(JsonNode row, String column) {
        return row.get(column).asText();
    }

    static double number(JsonNode row, String column) {
        JsonNode v = row.get(column);
        // Infinity and NaN arrive as JSON text from some servers, as null from others.
        if (v == null || v.isNull()) {
            return Double.NaN;
        }
        return v.isNumber() ? v.asDouble() : Double.parseDouble(v.asText().replace("inf", "Infinity").replace("nan", "NaN"));
    }

    static long integer(JsonNode row, String column) {
        return Long.parseUnsignedLong(row.get(column).asText());
    }

    /** Money selected as {@code toString(...)}: exact. */
    static BigDecimal money(JsonNode row, String column) {
        return new BigDecimal(row.get(column).asText());
    }

    /** A DateTime column ("yyyy-MM-dd HH:mm:ss" in UTC) or epoch seconds. */
    static Instant time(JsonNode row, String column) {
        JsonNode v = row.get(column);
        if (v.isNumber()) {
            return Instant.ofEpochSecond(v.asLong());
        }
        String s = v.asText();
        if (s.startsWith("0000-00-00")) {
            return Instant.EPOCH; // 18.16 writes DateTime 0 this way
        }
        if (s.chars().allMatch(Character::isDigit)) {
            return Instant.ofEpochSecond(Long.parseLong(s));
        }
        return LocalDateTime.parse(s, DATE_TIME).toInstant(ZoneOffset.UTC);
    }

    static SortedMap<String, String> labels(JsonNode row, String keys, String values) {
        SortedMap<String, String> labels = new TreeMap<>();
        JsonNode k = row.get(keys);
        JsonNode v = row.get(values);
        for (int i = 0; i < k.size(); i++) {
            labels.put(k.get(i).asText(), v.get(i).asText());
        }
        return labels;
    }
}
