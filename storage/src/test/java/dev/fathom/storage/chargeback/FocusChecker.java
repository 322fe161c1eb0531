package dev.fathom.storage.chargeback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Checks a chargeback file against FOCUS 1.2's rules for its mandatory columns: presence (from
 * the specification's own column list, copied to test resources), nullability, data type and
 * allowed values, and the relations between costs and periods. Returns every violation found.
 */
final class FocusChecker {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> CHARGE_CATEGORIES = Set.of("Usage", "Purchase", "Tax", "Credit", "Adjustment");
    private static final Set<String> SERVICE_CATEGORIES = Set.of("AI and Machine Learning", "Analytics", "Business Applications",
            "Compute", "Databases", "Developer Tools", "Multicloud", "Identity", "Integration", "Internet of Things",
            "Management and Governance", "Media", "Migration", "Mobile", "Networking", "Security", "Storage", "Web", "Other");
    private static final Set<String> PRICING_CATEGORIES = Set.of("Standard", "Dynamic", "Committed", "Other");

    /** One row of focus-1.2-columns.csv. */
    record SpecColumn(String id, String featureLevel, boolean allowsNulls, String dataType) {}

    static List<SpecColumn> specColumns() {
        try (InputStream in = FocusChecker.class.getResourceAsStream("/focus/focus-1.2-columns.csv");
                CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true)
                        .setTrim(true).get().parse(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<SpecColumn> columns = new ArrayList<>();
            for (CSVRecord r : parser) {
                columns.add(new SpecColumn(r.get("ColumnId"), r.get("FeatureLevel"), Boolean.parseBoolean(r.get("AllowsNulls")), r.get("DataType")));
            }
            return columns;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> check(String csv) {
        return check(new StringReader(csv));
    }

    static List<String> check(Reader csv) {
        List<String> problems = new ArrayList<>();
        List<SpecColumn> spec = specColumns();
        Map<String, SpecColumn> byId = new HashMap<>();
        spec.forEach(c -> byId.put(c.id(), c));
        try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(csv)) {
            List<String> header = parser.getHeaderNames();
            for (SpecColumn column : spec) {
                if (column.featureLevel().equals("Mandatory") && !header.contains(column.id())) {
                    problems.add("mandatory column missing: " + column.id());
                }
            }
            for (String name : header) {
                if (!byId.containsKey(name) && !name.startsWith("x_")) {
                    problems.add("column is neither FOCUS nor x_-prefixed: " + name);
                }
            }
            for (CSVRecord record : parser) {
                for (String name : header) {
                    SpecColumn column = byId.get(name);
                    if (column != null) {
                        checkValue(column, record.get(name), record.getRecordNumber(), problems);
                    }
                }
                checkRelations(record, problems);
            }
        } catch (IOException e) {
            problems.add("not readable as RFC 4180 CSV: " + e.getMessage());
        }
        return problems;
    }

    private static void checkValue(SpecColumn column, String value, long row, List<String> problems) {
        String where = "row " + row + " " + column.id();
        if (value.isEmpty()) {
            if (!column.allowsNulls()) {
                problems.add(where + " is null but FOCUS does not allow nulls");
            }
            return;
        }
        switch (column.dataType()) {
            case "Decimal" -> {
                try {
                    new BigDecimal(value);
                } catch (NumberFormatException e) {
                    problems.add(where + " is not a decimal: " + value);
                }
            }
            case "Date/Time" -> {
                if (!value.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z")) {
                    problems.add(where + " is not ISO 8601 UTC (YYYY-MM-DDTHH:mm:ssZ): " + value);
                } else {
                    try {
                        Instant.parse(value);
                    } catch (DateTimeParseException e) {
                        problems.add(where + " is not a real time: " + value);
                    }
                }
            }
            case "JSON" -> {
                try {
                    JsonNode node = JSON.readTree(value);
                    if (!node.isObject()) {
                        problems.add(where + " is JSON but not an object: " + value);
                    }
                } catch (IOException e) {
                    problems.add(where + " is not JSON: " + value);
                }
            }
            default -> { }
        }
        switch (column.id()) {
            case "ChargeCategory" -> {
                if (!CHARGE_CATEGORIES.contains(value)) {
                    problems.add(where + " not an allowed ChargeCategory: " + value);
                }
            }
            case "ChargeClass" -> {
                if (!value.equals("Correction")) {
                    problems.add(where + " ChargeClass must be null or Correction: " + value);
                }
            }
            case "ServiceCategory" -> {
                if (!SERVICE_CATEGORIES.contains(value)) {
                    problems.add(where + " not an allowed ServiceCategory: " + value);
                }
            }
            case "PricingCategory" -> {
                if (!PRICING_CATEGORIES.contains(value)) {
                    problems.add(where + " not an allowed PricingCategory: " + value);
                }
            }
            case "BillingCurrency" -> {
                try {
                    Currency.getInstance(value);
                } catch (IllegalArgumentException e) {
                    problems.add(where + " not an ISO 4217 currency code: " + value);
                }
            }
            default -> { }
        }
    }

    private static void checkRelations(CSVRecord r, List<String> problems) {
        String where = "row " + r.getRecordNumber();
        try {
            Instant chargeStart = Instant.parse(r.get("ChargePeriodStart"));
            Instant chargeEnd = Instant.parse(r.get("ChargePeriodEnd"));
            Instant billingStart = Instant.parse(r.get("BillingPeriodStart"));
            Instant billingEnd = Instant.parse(r.get("BillingPeriodEnd"));
            if (!chargeEnd.isAfter(chargeStart)) {
                problems.add(where + " ChargePeriodEnd is not after ChargePeriodStart");
            }
            if (chargeStart.isBefore(billingStart) || chargeEnd.isAfter(billingEnd)) {
                problems.add(where + " charge period lies outside its billing period");
            }
            BigDecimal billed = new BigDecimal(r.get("BilledCost"));
            BigDecimal effective = new BigDecimal(r.get("EffectiveCost"));
            BigDecimal contracted = new BigDecimal(r.get("ContractedCost"));
            BigDecimal list = new BigDecimal(r.get("ListCost"));
            if (billed.signum() < 0 || effective.signum() < 0) {
                problems.add(where + " negative usage cost");
            }
            if (contracted.compareTo(list) > 0) {
                problems.add(where + " ContractedCost exceeds ListCost");
            }
            if (r.get("PricingUnit").isEmpty() != r.get("PricingQuantity").isEmpty()) {
                problems.add(where + " PricingQuantity and PricingUnit must be both set or both null");
            }
        } catch (RuntimeException e) {
            problems.add(where + " cannot be checked: " + e.getMessage());
        }
    }
}
