package io.smart402.core.contract;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/** The closed value sets of spec §1.3–§1.4 and token precision, shared by normalization, validation and phases. */
public final class ContractVocabulary {

    /** Supported {@code payment.blockchain} values, lower-case (spec §1.3). */
    public static final List<String> NETWORKS = List.of("ethereum", "polygon", "arbitrum", "optimism", "base",
            "base-sepolia", "polygon-amoy", "polygon-mumbai", "avalanche");

    /** Canonical {@code payment.frequency} values (spec §1.3). */
    public static final List<String> FREQUENCIES = List.of("one-time", "per-request", "daily", "weekly", "monthly",
            "yearly", "milestone", "on-delivery", "per-incident");

    /** Canonical condition operators (spec §1.4). */
    public static final List<String> OPERATORS = List.of("equals", "not_equals", "greater_than", "less_than",
            "greater_than_or_equal", "less_than_or_equal", "contains");

    /** Operators comparing a numeric {@code threshold}. */
    public static final List<String> ORDERING_OPERATORS = List.of("greater_than", "less_than",
            "greater_than_or_equal", "less_than_or_equal");

    /** Oracle types (spec §1.4). */
    public static final List<String> ORACLE_TYPES = List.of("chainlink", "custom_api", "smart_contract", "iot_sensor");

    /** Dispute methods (spec §1.1). */
    public static final List<String> DISPUTE_METHODS = List.of("multisig", "arbitrator", "dao_vote");

    /** {@code payment.structure} values (spec §1.3). */
    public static final List<String> STRUCTURES = List.of("fixed_amount", "tiered_commission", "percentage",
            "milestone_based", "recurring");

    /** Decimals of the known tokens; any other valid symbol is a custom ERC-20 with 18 (spec §1.3). */
    public static final Map<String, Integer> KNOWN_TOKENS = Map.of(
            "USDC", 6, "USDT", 6, "DAI", 18, "ETH", 18, "MATIC", 18);

    static final Pattern TOKEN = Pattern.compile("^[A-Z0-9]{2,11}$");
    static final Pattern ADDRESS = Pattern.compile("^0x[0-9a-fA-F]{40}$");

    private ContractVocabulary() {
    }

    /** Whether {@code token} is a syntactically valid symbol ({@code ^[A-Z0-9]{2,11}$}). */
    public static boolean isValidToken(String token) {
        return token != null && TOKEN.matcher(token).matches();
    }

    /** Fraction digits of a valid token symbol: 6 for USDC/USDT, 18 otherwise; empty for an invalid symbol. */
    public static OptionalInt decimals(String token) {
        if (!isValidToken(token)) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(KNOWN_TOKENS.getOrDefault(token, 18));
    }

    /** Whether {@code address} is {@code 0x} followed by 40 hex digits (no checksum test). */
    public static boolean isAddress(String address) {
        return address != null && ADDRESS.matcher(address).matches();
    }
}
