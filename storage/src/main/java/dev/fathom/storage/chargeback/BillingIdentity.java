package dev.fathom.storage.chargeback;

import java.util.Objects;

/**
 * Who bills whom, for the FOCUS columns that name parties: an on-premises GPU fleet is its own
 * provider, publisher and invoice issuer unless the operator says otherwise.
 */
public record BillingIdentity(String billingAccountId, String billingAccountName, String providerName,
        String publisherName, String invoiceIssuerName) {

    public static final BillingIdentity DEFAULT =
            new BillingIdentity("fathom", "Fathom GPU fleet", "On-premises", "On-premises", "Fathom GPU fleet");

    public BillingIdentity {
        Objects.requireNonNull(billingAccountId, "billingAccountId");
        Objects.requireNonNull(billingAccountName, "billingAccountName");
        Objects.requireNonNull(providerName, "providerName");
        Objects.requireNonNull(publisherName, "publisherName");
        Objects.requireNonNull(invoiceIssuerName, "invoiceIssuerName");
    }
}
