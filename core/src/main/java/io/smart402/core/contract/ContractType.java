package io.smart402.core.contract;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One entry of the contract-type registry (spec §1.6): canonical name, category and the payee/payer roles.
 *
 * @param canonicalName the canonical type, e.g. {@code saas-subscription}
 * @param category      the category, e.g. {@code recurring-payment}
 * @param payeeRole     the role that receives payment
 * @param payerRole     the role that pays
 * @param payerFirst    whether a string party at position 0 takes the payer role (spec §1.6)
 * @param aliases       accepted alternative spellings
 */
public record ContractType(String canonicalName, String category, String payeeRole, String payerRole,
                           boolean payerFirst, List<String> aliases) {

    /** The catch-all type for any other valid slug ({@code W_TYPE_UNKNOWN}). */
    public static final ContractType CUSTOM =
            new ContractType("custom", "general", "party_1", "party_2", false, List.of());

    private static final List<ContractType> KNOWN = List.of(
            new ContractType("saas-subscription", "recurring-payment", "vendor", "customer", false, List.of("saas")),
            new ContractType("saas-reseller", "commission", "reseller", "vendor", true,
                    List.of("saas_reseller", "SaaS_Reseller_Agreement")),
            new ContractType("freelancer-milestone", "escrow", "freelancer", "client", true,
                    List.of("freelancer-escrow", "freelancer", "Freelancer_Contract")),
            new ContractType("supply-chain", "supply-chain-finance", "supplier", "buyer", false,
                    List.of("supply-chain-payment", "supply_chain", "Supply_Chain_Finance")),
            new ContractType("affiliate-commission", "commission", "affiliate", "merchant", true,
                    List.of("affiliate", "Affiliate_Partner_Network")),
            new ContractType("vendor-sla", "sla", "client", "vendor", true,
                    List.of("vendor_sla", "Vendor_Performance_SLA")),
            new ContractType("one-time-payment", "one-time", "seller", "buyer", true,
                    List.of("payment", "purchase", "digital-product-purchase", "Purchase_Agreement")),
            new ContractType("api-payment", "pay-per-use", "provider", "consumer", false, List.of("api-usage-payment")),
            new ContractType("escrow", "escrow", "payee", "payer", true, List.of()),
            new ContractType("nda", "non-financial", "discloser", "recipient", false,
                    List.of("Non_Disclosure_Agreement")));

    private static final Map<String, ContractType> BY_NAME = KNOWN.stream()
            .flatMap(t -> Stream.concat(Stream.of(t.canonicalName()), t.aliases().stream())
                    .map(name -> Map.entry(name, t)))
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

    private static final java.util.regex.Pattern SLUG = java.util.regex.Pattern.compile("^[a-z][a-z0-9_-]{1,63}$");

    /** The registered type for a canonical name or alias, if any (exact, case-sensitive match). */
    public static Optional<ContractType> known(String type) {
        return Optional.ofNullable(type).map(BY_NAME::get);
    }

    /** Whether {@code type} is acceptable: a known name or alias, or a valid slug (then {@link #CUSTOM}). */
    public static boolean isValid(String type) {
        return type != null && (BY_NAME.containsKey(type) || SLUG.matcher(type).matches());
    }

    /** Resolves a type: the registered entry, or {@link #CUSTOM} for anything else. */
    public static ContractType resolve(String type) {
        return known(type).orElse(CUSTOM);
    }

    /** The role a string party at {@code position} receives (spec §1.2 and §1.6). */
    public String roleAtPosition(int position) {
        if (position == 0) {
            return payerFirst ? payerRole : payeeRole;
        }
        if (position == 1) {
            return payerFirst ? payeeRole : payerRole;
        }
        return "party_" + (position + 1);
    }
}
