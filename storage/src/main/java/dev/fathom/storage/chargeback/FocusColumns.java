package dev.fathom.storage.chargeback;

import static dev.fathom.storage.chargeback.FocusColumn.Type.DATE_TIME;
import static dev.fathom.storage.chargeback.FocusColumn.Type.DECIMAL;
import static dev.fathom.storage.chargeback.FocusColumn.Type.JSON;
import static dev.fathom.storage.chargeback.FocusColumn.Type.STRING;

import java.util.List;

/**
 * The chargeback file's columns, in order: FOCUS 1.2's 21 mandatory columns, the conditional
 * columns Fathom can fill, then Fathom's own {@code x_} columns. The one place they are listed.
 */
public final class FocusColumns {

    public static final List<FocusColumn> ALL = List.of(
            // Mandatory (FOCUS 1.2)
            new FocusColumn("BilledCost", DECIMAL, true),
            new FocusColumn("BillingAccountId", STRING, true),
            new FocusColumn("BillingAccountName", STRING, true),
            new FocusColumn("BillingCurrency", STRING, true),
            new FocusColumn("BillingPeriodEnd", DATE_TIME, true),
            new FocusColumn("BillingPeriodStart", DATE_TIME, true),
            new FocusColumn("ChargeCategory", STRING, true),
            new FocusColumn("ChargeClass", STRING, true),
            new FocusColumn("ChargeDescription", STRING, true),
            new FocusColumn("ChargePeriodEnd", DATE_TIME, true),
            new FocusColumn("ChargePeriodStart", DATE_TIME, true),
            new FocusColumn("ContractedCost", DECIMAL, true),
            new FocusColumn("EffectiveCost", DECIMAL, true),
            new FocusColumn("InvoiceIssuerName", STRING, true),
            new FocusColumn("ListCost", DECIMAL, true),
            new FocusColumn("PricingQuantity", DECIMAL, true),
            new FocusColumn("PricingUnit", STRING, true),
            new FocusColumn("ProviderName", STRING, true),
            new FocusColumn("PublisherName", STRING, true),
            new FocusColumn("ServiceCategory", STRING, true),
            new FocusColumn("ServiceName", STRING, true),
            // Conditional columns Fathom knows
            new FocusColumn("PricingCategory", STRING, false),
            new FocusColumn("RegionId", STRING, false),
            new FocusColumn("ResourceId", STRING, false),
            new FocusColumn("ResourceName", STRING, false),
            new FocusColumn("ResourceType", STRING, false),
            new FocusColumn("SkuId", STRING, false),
            new FocusColumn("Tags", JSON, false),
            // Fathom's own
            new FocusColumn("x_ChargeKind", STRING, false),
            new FocusColumn("x_GpuHoursAllocated", DECIMAL, false),
            new FocusColumn("x_GpuHoursUsed", DECIMAL, false),
            new FocusColumn("x_IdleCost", DECIMAL, false),
            new FocusColumn("x_MigProfile", STRING, false),
            new FocusColumn("x_EnergyKwh", DECIMAL, false),
            new FocusColumn("x_Co2eKg", DECIMAL, false));

    private FocusColumns() {}

    public static List<String> names() {
        return ALL.stream().map(FocusColumn::name).toList();
    }
}
